/**
 * The vLLM and LM Studio fakes in a process of their own, for the bench's node-cost section: the
 * bench's CPU figures then count n8n, the node and the client, not the servers. Prints
 * {"vllm": url, "lmstudio": url} on one line and serves until stdin closes.
 */
import { startLmStudioFake } from '../../test/fakes/lmStudioServer';
import { startVllmFake } from '../../test/fakes/vllmServer';

async function main(): Promise<void> {
	const latencyMs = Number(process.argv[2] ?? 20);
	const vllm = await startVllmFake({ latencyMs });
	const lmstudio = await startLmStudioFake({ version: '0.4.8', latencyMs: (request) => (request.path.includes('chat') ? latencyMs : 0) });
	process.stdout.write(`${JSON.stringify({ vllm: vllm.url, lmstudio: lmstudio.url })}\n`);
	process.stdin.resume();
	process.stdin.on('end', () => {
		void Promise.all([vllm.close(), lmstudio.close()]).then(() => process.exit(0));
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
