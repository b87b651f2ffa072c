/**
 * `npm run bench:clients`: what the pack's HTTP clients cost per request, side by side in one run.
 *
 * A raw keep-alive Node http client (one agent, maxSockets = concurrency, a prebuilt body, JSON.parse
 * of the answer) against VllmClient.generate and LmStudioClient.generate, each against a loopback fake
 * with a fixed latency that runs in its own process, so that process.cpuUsage() counts the client
 * alone. For each concurrency: items/s, CPU µs per request (user + system), and the ratio to raw.
 * Each cell is the median of BENCH_ROUNDS rounds (default 3); every round warms up first.
 *   BENCH_ITEMS (default 1000), BENCH_LATENCY_MS (default 50), BENCH_CONCURRENCY (default 8,32,128)
 * It measures the compiled library in dist/ (what n8n loads), not the TypeScript sources run through
 * tsx, whose helpers add a cost per closure; `npm run bench:clients` compiles first.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { rawClient, runPool, startFakeProcess, type Send } from './fakeProcess';

type Library = typeof import('../../lib');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,32,128').split(',').map(Number);
const WARMUP = 200;
const VLLM_MODEL = 'Qwen/Qwen3-8B';
const LMSTUDIO_MODEL = 'openai/gpt-oss-20b';
const DIST_ENTRY = resolve(__dirname, '../../dist/lib/index.js');

interface Measurement {
	itemsPerSecond: number;
	cpuMicrosPerItem: number;
}

async function measure(concurrency: number, send: Send): Promise<Measurement> {
	await runPool(WARMUP, concurrency, send);
	const cpu = process.cpuUsage();
	const started = performance.now();
	await runPool(ITEMS, concurrency, send);
	const seconds = (performance.now() - started) / 1000;
	const used = process.cpuUsage(cpu);
	return { itemsPerSecond: ITEMS / seconds, cpuMicrosPerItem: (used.user + used.system) / ITEMS };
}

function vllmClient(library: Library, baseUrl: string, concurrency: number): Send {
	const client = new library.VllmClient({ baseUrl, maxSockets: concurrency });
	return (index) => client.generate({ model: VLLM_MODEL, mode: 'chat', prompt: `question ${index}` });
}

function lmStudioClient(library: Library, baseUrl: string, concurrency: number): Send {
	const client = new library.LmStudioClient({ baseUrl, maxSockets: concurrency });
	return (index) => client.generate({ model: LMSTUDIO_MODEL, prompt: `question ${index}` });
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
	console.log(`client bench, ${new Date().toISOString()}, Node ${process.version}: ${ITEMS} requests per cell, fake latency ${LATENCY_MS} ms, median of ${ROUNDS} rounds`);
	const library = (await import(pathToFileURL(DIST_ENTRY).href).catch(() => {
		throw new Error(`${DIST_ENTRY} is missing: run \`npm run build\` (or \`npm run bench:clients\`) first.`);
	})) as Library;
	const fakes = await startFakeProcess(LATENCY_MS);
	const variants: Array<{ name: string; make: (concurrency: number) => Send }> = [
		{ name: 'raw http -> vLLM fake', make: (c) => rawClient(fakes.vllm, VLLM_MODEL, c) },
		{ name: 'VllmClient.generate', make: (c) => vllmClient(library, fakes.vllm, c) },
		{ name: 'raw http -> LM Studio fake', make: (c) => rawClient(fakes.lmstudio, LMSTUDIO_MODEL, c) },
		{ name: 'LmStudioClient.generate', make: (c) => lmStudioClient(library, fakes.lmstudio, c) },
	];
	try {
		for (const concurrency of CONCURRENCY) {
			const results = new Map<string, Measurement[]>();
			for (let round = 0; round < ROUNDS; round++) {
				for (const variant of variants) {
					const list = results.get(variant.name) ?? [];
					list.push(await measure(concurrency, variant.make(concurrency)));
					results.set(variant.name, list);
				}
			}
			console.log(`concurrency ${concurrency}`);
			let raw = 0;
			for (const variant of variants) {
				const list = results.get(variant.name)!;
				const itemsPerSecond = median(list.map((m) => m.itemsPerSecond));
				const cpu = median(list.map((m) => m.cpuMicrosPerItem));
				// Each client is compared with the raw client against the same fake, listed just before it.
				const isRaw = variant.name.startsWith('raw');
				if (isRaw) raw = itemsPerSecond;
				const ratio = isRaw ? '' : ` (x${(itemsPerSecond / raw).toFixed(2)} of raw)`;
				console.log(`   ${variant.name.padEnd(27)} ${itemsPerSecond.toFixed(0).padStart(6)} items/s${ratio.padEnd(17)}   CPU ${cpu.toFixed(0).padStart(5)} µs/request`);
			}
		}
	} finally {
		fakes.stop();
	}
}

main()
	.then(() => process.exit(0))
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
