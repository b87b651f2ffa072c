/**
 * `npm run bench`: side-by-side measurements, so that ratios hold on a shared, noisy machine.
 *  1. Generation through the real n8n engine against the vLLM fake (fixed per-request latency):
 *     concurrency 1 vs 8 vs 32 for the same 64 items. Shows what the node's concurrency buys and
 *     what the node itself costs per item; a real vLLM batches, so its gain depends on the GPU.
 *  2. Adapter auto-load: 32 concurrent items that need one missing adapter; load requests seen.
 *  3. Detect GPU: one nvidia-smi process per execution vs one per item (fake nvidia-smi).
 *  4. Library hot paths: parseNvidiaSmi (CSV, XML), pickQuantFormat, estimateMemory, per call.
 *  5. Node cost per item: CPU of this process per item for the raw client vs each Generate node
 *     (prompt by expression, prompt from an input field), 1,000 items at concurrency 32, the fakes
 *     running in a child process so that only n8n, the node and the client are counted.
 *  6. "What fits": pickQuantFormat over every catalog model on 8 GPUs (issue 13: under 50 ms), wall and CPU time.
 * `npm run bench -- --n8n` runs the real-n8n bench instead (scripts/bench/n8n.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectGpus, parseNvidiaSmi } from '../../lib/gpu';
import { estimateMemory, MODELS, pickQuantFormat, whatFits } from '../../lib/advisor';
import { findModel } from '../../lib/knowledge/models';
import type { INodeParameters, INodeType } from 'n8n-workflow';
import { LmStudioClient } from '../../lib/clients/lmstudio';
import { VllmClient } from '../../lib/clients/vllm';
import { startVllmFake } from '../../test/fakes/vllmServer';
import { runNode } from '../../test/engine/harness';
import { runPool, startFakeProcess } from './fakeProcess';

const root = resolve(__dirname, '../..');
// Full file names: next to each X.node.ts lies the codex X.node.json, which a bare specifier would match first.
/* eslint-disable @typescript-eslint/no-require-imports */
const { DetectGpu } = require('../../nodes/DetectGpu/DetectGpu.node.ts') as { DetectGpu: new () => INodeType };
const { VllmGenerate } = require('../../nodes/VllmGenerate/VllmGenerate.node.ts') as { VllmGenerate: new () => INodeType };
const { LmStudioGenerate } = require('../../nodes/LmStudioGenerate/LmStudioGenerate.node.ts') as { LmStudioGenerate: new () => INodeType };
/* eslint-enable @typescript-eslint/no-require-imports */
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/gpu', name), 'utf8');
const lines: string[] = [];
const report = (line: string) => {
	lines.push(line);
	console.log(line);
};

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = performance.now();
	const value = await fn();
	return { ms: performance.now() - started, value };
}

function perCall(fn: () => unknown, iterations: number): number {
	for (let i = 0; i < Math.min(50, iterations); i++) fn();
	const started = performance.now();
	for (let i = 0; i < iterations; i++) fn();
	return ((performance.now() - started) / iterations) * 1000;
}

async function generationConcurrency(): Promise<void> {
	const latencyMs = 50;
	const items = Array.from({ length: 64 }, (_, i) => ({ prompt: `question ${i}` }));
	const fake = await startVllmFake({ latencyMs });
	try {
		const credentials = { vllmApi: { baseUrl: fake.url, apiKey: '', allowedAdapterPaths: '' } };
		const results: Record<number, number> = {};
		for (const concurrency of [1, 8, 32]) {
			const { ms, value } = await time(() =>
				runNode(
					new VllmGenerate(),
					{ operation: 'generate', model: { __rl: true, mode: 'id', value: 'Qwen/Qwen3-8B' }, prompt: '={{ $json.prompt }}', options: { concurrency } },
					{ items, credentials, credentialTypes: ['vllmApi'] },
				),
			);
			if (value.status !== 'success') throw new Error(`run failed: ${value.error?.message}`);
			results[concurrency] = ms;
		}
		const floor = items.length * latencyMs;
		report(`1. vLLM Generate, 64 items, fake latency ${latencyMs} ms/request (floor at concurrency 1: ${floor} ms)`);
		for (const [concurrency, ms] of Object.entries(results)) {
			report(`   concurrency ${concurrency.padStart(2)}: ${ms.toFixed(0)} ms  (x${(results[1] / ms).toFixed(1)} vs 1; node overhead ≈ ${((ms - (items.length / Number(concurrency)) * latencyMs) / items.length).toFixed(2)} ms/item)`);
		}
	} finally {
		await fake.close();
	}
}

async function adapterSingleFlight(): Promise<void> {
	const fake = await startVllmFake({ latencyMs: 5, loadLatencyMs: 200, adapters: [] });
	try {
		const items = Array.from({ length: 32 }, () => ({}));
		const { ms, value } = await time(() =>
			runNode(
				new VllmGenerate(),
				{ operation: 'generate', model: { __rl: true, mode: 'id', value: 'sql-lora' }, prompt: 'SELECT?', adapterPath: '/models/lora/sql', options: { concurrency: 32 } },
				{ items, credentials: { vllmApi: { baseUrl: fake.url, apiKey: '', allowedAdapterPaths: '/models/lora' } }, credentialTypes: ['vllmApi'] },
			),
		);
		if (value.status !== 'success') throw new Error(`run failed: ${value.error?.message}`);
		report(`2. Adapter auto-load, 32 concurrent items, load takes 200 ms: ${fake.count('POST', '/v1/load_lora_adapter')} load request(s), ${ms.toFixed(0)} ms in all`);
	} finally {
		await fake.close();
	}
}

async function detectOncePerExecution(): Promise<void> {
	const env = { ...process.env, PATH: `${join(root, 'test/fakes/bin')}:${process.env.PATH}`, FAKE_NVIDIA_SMI_FIXTURE: 'h100-8x' };
	const saved = { PATH: process.env.PATH, FAKE: process.env.FAKE_NVIDIA_SMI_FIXTURE };
	process.env.PATH = env.PATH;
	process.env.FAKE_NVIDIA_SMI_FIXTURE = env.FAKE_NVIDIA_SMI_FIXTURE;
	try {
		const items = Array.from({ length: 20 }, () => ({}));
		const node = await time(() => runNode(new DetectGpu(), { source: 'local' }, { items }));
		const perItem = await time(async () => {
			for (let i = 0; i < items.length; i++) await detectGpus({});
		});
		report(`3. Detect GPU, 20 items: node (one nvidia-smi per execution) ${node.ms.toFixed(0)} ms vs one nvidia-smi per item ${perItem.ms.toFixed(0)} ms (x${(perItem.ms / node.ms).toFixed(1)})`);
	} finally {
		process.env.PATH = saved.PATH;
		if (saved.FAKE === undefined) delete process.env.FAKE_NVIDIA_SMI_FIXTURE;
		else process.env.FAKE_NVIDIA_SMI_FIXTURE = saved.FAKE;
	}
}

async function libraryHotPaths(): Promise<void> {
	const csv = fixture('nvidia-smi-h100-8x.csv');
	const xml = fixture('nvidia-smi-q-x-h100.xml');
	const gpus = parseNvidiaSmi(csv);
	const model = findModel('openai/gpt-oss-120b');
	if (!model) throw new Error('gpt-oss-120b missing from the catalog');
	report('4. Library, per call (µs):');
	report(`   parseNvidiaSmi CSV (8 GPUs): ${perCall(() => parseNvidiaSmi(csv), 2000).toFixed(1)}`);
	report(`   parseNvidiaSmi XML (1 GPU):  ${perCall(() => parseNvidiaSmi(xml), 500).toFixed(1)}`);
	report(`   estimateMemory gpt-oss-120b MXFP4 vLLM 128k: ${perCall(() => estimateMemory({ model, format: 'MXFP4', checkpoint: 'safetensors', engine: 'vllm', contextLength: 131072, concurrency: 1 }), 2000).toFixed(1)}`);
	const iterations = 200;
	await pickQuantFormat({ gpus, model: 'openai/gpt-oss-120b' });
	const started = performance.now();
	const cpuBefore = process.cpuUsage();
	for (let i = 0; i < iterations; i++) await pickQuantFormat({ gpus, model: 'openai/gpt-oss-120b' });
	const cpu = process.cpuUsage(cpuBefore);
	// CPU time too: on a shared machine the wall time per call counts the waits for a core.
	report(`   pickQuantFormat gpt-oss-120b on 8x H100, engine any: ${(((performance.now() - started) / iterations) * 1000).toFixed(1)} wall, ${((cpu.user + cpu.system) / iterations).toFixed(1)} CPU`);
}

/** This process's CPU (user + system) per item, in ms, for one run. */
async function cpuPerItem(items: number, run: () => Promise<void>): Promise<number> {
	const before = process.cpuUsage();
	await run();
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000 / items;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function nodeRun(node: INodeType, parameters: INodeParameters, items: Array<{ prompt: string }>, credentials: Record<string, Record<string, string>>): Promise<void> {
	const result = await runNode(node, parameters, { items, credentials, credentialTypes: Object.keys(credentials) });
	if (result.status !== 'success' || result.last.json.length !== items.length) throw new Error(result.error?.message ?? `${result.last.json.length} of ${items.length} items came out`);
}

interface Scenario {
	server: string;
	label: string;
	run: () => Promise<void>;
	samples: number[];
	failure?: string;
}

/**
 * Each scenario once to warm up, then rounds in which every scenario runs once, so that a slow
 * moment of the shared machine touches all of them alike; the median per scenario is reported.
 */
async function nodeCost(): Promise<void> {
	const latencyMs = 20;
	const concurrency = 32;
	const rounds = 5;
	const items = Array.from({ length: 1000 }, (_, i) => ({ prompt: `question ${i}` }));
	const fakes = await startFakeProcess(latencyMs);
	const urls = { vllm: fakes.vllm, lmstudio: fakes.lmstudio };
	const fromField = { promptSource: 'field', promptField: 'prompt' };
	const byExpression = { prompt: '={{ $json.prompt }}' };
	const vllmCredentials = { vllmApi: { baseUrl: urls.vllm, apiKey: '', allowedAdapterPaths: '' } };
	const vllmClient = new VllmClient({ baseUrl: urls.vllm });
	const vllmParameters = { operation: 'generate', model: { __rl: true, mode: 'id', value: 'Qwen/Qwen3-8B' }, options: { concurrency } };
	const lmCredentials = { lmStudioApi: { baseUrl: urls.lmstudio, apiToken: '' } };
	const lmClient = new LmStudioClient({ baseUrl: urls.lmstudio });
	const lmParameters = { operation: 'generate', model: { __rl: true, mode: 'id', value: 'openai/gpt-oss-20b' }, options: { concurrency } };
	const scenario = (server: string, label: string, run: () => Promise<void>): Scenario => ({ server, label, run, samples: [] });
	const scenarios = [
		scenario('vLLM Generate', 'raw client', () => runPool(items.length, concurrency, (i) => vllmClient.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: items[i].prompt }))),
		scenario('vLLM Generate', 'prompt by expression', () => nodeRun(new VllmGenerate(), { ...vllmParameters, ...byExpression }, items, vllmCredentials)),
		scenario('vLLM Generate', 'prompt from field', () => nodeRun(new VllmGenerate(), { ...vllmParameters, ...fromField }, items, vllmCredentials)),
		scenario('LM Studio Generate', 'raw client', () => runPool(items.length, concurrency, (i) => lmClient.generate({ model: 'openai/gpt-oss-20b', prompt: items[i].prompt }))),
		scenario('LM Studio Generate', 'prompt by expression', () => nodeRun(new LmStudioGenerate(), { ...lmParameters, ...byExpression }, items, lmCredentials)),
		scenario('LM Studio Generate', 'prompt from field', () => nodeRun(new LmStudioGenerate(), { ...lmParameters, ...fromField }, items, lmCredentials)),
	];
	try {
		for (let round = 0; round <= rounds; round++) {
			for (const entry of scenarios) {
				if (entry.failure) continue;
				try {
					const sample = await cpuPerItem(items.length, entry.run);
					if (round > 0) entry.samples.push(sample);
				} catch (error) {
					entry.failure = (error as Error).message.split('\n')[0];
				}
			}
		}
	} finally {
		fakes.stop();
	}
	report(`5. Node cost: CPU of this process per item (ms; median of ${rounds} interleaved rounds), ${items.length} items, concurrency ${concurrency}, fakes in a child process (${latencyMs} ms latency):`);
	for (const server of ['vLLM Generate', 'LM Studio Generate']) {
		const rows = scenarios.filter((entry) => entry.server === server);
		const raw = median(rows[0].samples);
		const cells = rows.map((entry) => {
			if (entry.failure) return `${entry.label} n/a (${entry.failure})`;
			const value = median(entry.samples);
			return entry === rows[0] ? `${entry.label} ${value.toFixed(3)}` : `${entry.label} ${value.toFixed(3)} (node +${(value - raw).toFixed(3)})`;
		});
		report(`   ${server.padEnd(18)} ${cells.join(' | ')}`);
	}
}

/** Wall time is shared with whatever else runs on the machine; the process's CPU time per call is not. */
async function whatFitsOnEightGpus(): Promise<void> {
	const gpus = Array.from({ length: 8 }, () => 'h100-sxm');
	const run = () => whatFits({ gpus, contextLength: 32768 });
	for (let i = 0; i < 20; i++) await run();
	const walls: number[] = [];
	const cpuBefore = process.cpuUsage();
	const iterations = 50;
	for (let i = 0; i < iterations; i++) {
		const started = performance.now();
		await run();
		walls.push(performance.now() - started);
	}
	const cpu = process.cpuUsage(cpuBefore);
	walls.sort((a, b) => a - b);
	const cpuMs = (cpu.user + cpu.system) / 1000 / iterations;
	report(
		`6. What fits, ${MODELS.length} catalog models x every engine on 8x H100 (32768 tokens): median ${walls[Math.floor(iterations / 2)].toFixed(1)} ms, fastest ${walls[0].toFixed(1)} ms wall; ${cpuMs.toFixed(1)} ms CPU per call`,
	);
}

async function main(): Promise<void> {
	// `npm run bench -- --n8n [--quick]` is `npm run bench:n8n`: the nodes in a real n8n server (n8n.ts).
	if (process.argv.includes('--n8n')) {
		await import('./n8n');
		return;
	}
	report(`n8n-nodes-overlay-agi bench, ${new Date().toISOString()}, Node ${process.version}`);
	// `npm run bench -- 1 5` runs only those sections.
	const sections = [generationConcurrency, adapterSingleFlight, detectOncePerExecution, libraryHotPaths, nodeCost, whatFitsOnEightGpus];
	const chosen = process.argv.slice(2).map(Number);
	for (const [index, section] of sections.entries()) {
		if (chosen.length === 0 || chosen.includes(index + 1)) await section();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
