/**
 * The vLLM and LM Studio fakes in a process of their own, for the benches: the CPU figures then
 * count n8n, the node and the client, not the servers. Arguments: latency in ms, then optionally the
 * vLLM and LM Studio ports (default: any free ones). Prints {"vllm": url, "lmstudio": url} on one
 * line and serves until stdin closes. Each line "stats" on stdin is answered with one line
 * {"vllm": n, "lmstudio": n}: the most generation requests each served at once since the last
 * "stats" (the real-n8n bench reads one per measurement).
 */
import { createInterface } from 'node:readline';
import { startLmStudioFake } from '../../test/fakes/lmStudioServer';
import { startVllmFake } from '../../test/fakes/vllmServer';

async function main(): Promise<void> {
	const latencyMs = Number(process.argv[2] ?? 20);
	const [vllmPort, lmStudioPort] = [process.argv[3], process.argv[4]].map((value) => (value ? Number(value) : undefined));
	const vllm = await startVllmFake({ latencyMs, port: vllmPort });
	const lmstudio = await startLmStudioFake({ version: '0.4.8', latencyMs: (request) => (request.path.includes('chat') ? latencyMs : 0), port: lmStudioPort });
	process.stdout.write(`${JSON.stringify({ vllm: vllm.url, lmstudio: lmstudio.url })}\n`);
	const commands = createInterface({ input: process.stdin });
	commands.on('line', (line) => {
		if (line.trim() !== 'stats') return;
		process.stdout.write(`${JSON.stringify({ vllm: vllm.maxInFlight(), lmstudio: lmstudio.maxInFlight })}\n`);
		vllm.resetMaxInFlight();
		lmstudio.resetMaxInFlight();
		// The fakes keep every request for the tests; the benches send tens of thousands.
		vllm.requests.length = 0;
		lmstudio.requests.length = 0;
	});
	commands.on('close', () => {
		void Promise.all([vllm.close(), lmstudio.close()]).then(() => process.exit(0));
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
