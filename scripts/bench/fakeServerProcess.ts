/**
 * Runs one loopback fake (vLLM or LM Studio) in its own process, so that a benchmark's
 * process.cpuUsage() counts the client alone. Prints `{"url": ...}` on one line, then serves until
 * its stdin closes.
 *   tsx scripts/bench/fakeServerProcess.ts vllm 50      (fixed latency in ms)
 */
import { startLmStudioFake } from '../../test/fakes/lmStudioServer';
import { startVllmFake } from '../../test/fakes/vllmServer';

async function main(): Promise<void> {
	const [kind = 'vllm', latency = '50'] = process.argv.slice(2);
	const latencyMs = Number(latency);
	const fake = kind === 'lmstudio' ? await startLmStudioFake({ latencyMs }) : await startVllmFake({ latencyMs });
	process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
	process.stdin.resume();
	process.stdin.on('end', () => {
		void fake.close().then(() => process.exit(0));
	});
}

main().catch((error) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
