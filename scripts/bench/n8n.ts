/**
 * `npm run bench:n8n` (or `npm run bench -- --n8n`): the Generate nodes in a real n8n 2.41.1 server,
 * side by side in one run with a raw keep-alive client and n8n's own HTTP Request node, against the
 * fakes (a fixed latency per generation, in a process of their own).
 *
 * Every workflow starts with a Webhook whose body carries the items and a Split Out (n8nWorkflows.ts); a run posts the
 * items and waits for the answer, so items/s counts n8n's whole execution. For each cell (items x
 * concurrency) every mode runs once, one after the other, so that a noisy moment of the shared
 * machine touches them alike. Columns: items/s; its ratio to the raw client's; CPU of the n8n
 * process per item (utime + stime from /proc/<pid>/stat, 10 ms ticks; for the raw client, the CPU
 * of this process); the most generation requests the fake served at once; n8n's RSS after the run.
 * The "n8n floor" row is the same Webhook and Split Out with nothing after them.
 *
 * Options: --quick (200 items at 8/32/128 and 2,000 at 32); --only=<mode>,... (modes by the start of
 * their name, e.g. --only=raw,vllm); --cpu-prof (writes n8n's CPU profile into
 * $TMPDIR/overlay-agi-bench-n8n/profiles when n8n stops). The pack is built first when its sources
 * changed. n8n listens on BENCH_N8N_PORT (default 5690) and + 1, the fakes on + 2 and + 3: with fixed
 * ports a second run finds the credentials and workflows unchanged and starts in about 30 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildIfStale } from '../n8n/build';
import { startN8n, type RunningN8n } from '../n8n/server';
import { PROJECT_ROOT } from '../n8n/settings';
import { rawClient, runPool, startFakeProcess, type FakeProcess } from './fakeProcess';
import { VLLM_MODEL, writeBenchWorkflows, type BenchWorkflow } from './n8nWorkflows';
import { postJson } from './postJson';

const LATENCY_MS = 50;
const QUICK = process.argv.includes('--quick');
const CPU_PROFILE = process.argv.includes('--cpu-prof');
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).toLowerCase().split(',');
const PORT = Number(process.env.BENCH_N8N_PORT ?? 5690);
/** HTTP Request without batching opens one connection per item at once; past this many items it is not run. */
const UNBATCHED_MAX_ITEMS = 1000;
const CELLS: Array<{ items: number; concurrency: number }> = QUICK
	? [
			{ items: 200, concurrency: 8 },
			{ items: 200, concurrency: 32 },
			{ items: 200, concurrency: 128 },
			{ items: 2000, concurrency: 32 },
		]
	: [
			// 1,000 items one at a time take 50 s per mode; 200 show the same per-item cost.
			{ items: 200, concurrency: 1 },
			{ items: 1000, concurrency: 8 },
			{ items: 1000, concurrency: 32 },
			{ items: 1000, concurrency: 128 },
			{ items: 10000, concurrency: 32 },
		];
const CONCURRENCIES = [...new Set(CELLS.map((cell) => cell.concurrency))];
/** Workflows for every concurrency either option runs, so that --quick and a full run find the same ones provisioned. */
const PROVISIONED_CONCURRENCIES = [1, 8, 32, 128];
const ALL_MODES = ['raw client', 'vLLM Generate', 'LM Studio Generate', 'HTTP Request', 'HTTP Request, batching', 'n8n floor'] as const;
type Mode = (typeof ALL_MODES)[number];
const MODES = ALL_MODES.filter((mode) => !ONLY || ONLY.some((prefix) => mode.toLowerCase().replace(/ /g, '').startsWith(prefix)));

interface Sample {
	itemsPerSecond: number;
	cpuMsPerItem: number;
	maxInFlight: number;
	rssMiB: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms (Linux /proc; resolution 10 ms). */
function processCpuMs(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

interface Harness {
	n8n: RunningN8n;
	fakes: FakeProcess;
	hooks: Record<string, BenchWorkflow>;
}

const itemsBody = (count: number) => ({ items: Array.from({ length: count }, (_, i) => ({ prompt: `question ${i}` })) });

async function runWebhook(harness: Harness, hook: string, count: number): Promise<void> {
	const answer = await postJson(`${harness.n8n.baseUrl}/webhook/${harness.hooks[hook].path}`, itemsBody(count));
	if (answer.status !== 200) throw new Error(`webhook ${hook} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
	if (hook !== 'empty' && !/"(text|choices)"/.test(answer.text)) throw new Error(`webhook ${hook} answered without a generation: ${answer.text.slice(0, 300)}`);
}

function hookFor(mode: Mode, concurrency: number): string {
	switch (mode) {
		case 'vLLM Generate':
			return `vllm-${concurrency}`;
		case 'LM Studio Generate':
			return `lmstudio-${concurrency}`;
		case 'HTTP Request':
			return 'http';
		case 'HTTP Request, batching':
			return `batch-${concurrency}`;
		default:
			return 'empty';
	}
}

async function measure(harness: Harness, mode: Mode, count: number, concurrency: number): Promise<Sample> {
	const pid = mode === 'raw client' ? process.pid : harness.n8n.pid;
	await harness.fakes.maxInFlight();
	const cpuBefore = processCpuMs(pid);
	const started = performance.now();
	if (mode === 'raw client') await runPool(count, concurrency, rawClient(harness.fakes.vllm, VLLM_MODEL, concurrency));
	else await runWebhook(harness, hookFor(mode, concurrency), count);
	const seconds = (performance.now() - started) / 1000;
	const cpuMs = processCpuMs(pid) - cpuBefore;
	const inFlight = await harness.fakes.maxInFlight();
	return {
		itemsPerSecond: count / seconds,
		cpuMsPerItem: cpuMs / count,
		maxInFlight: mode === 'LM Studio Generate' ? inFlight.lmstudio : inFlight.vllm,
		rssMiB: harness.n8n.memoryMiB().main,
	};
}

async function startHarness(): Promise<Harness> {
	const log = (message: string) => console.log(`[bench] ${message}`);
	await buildIfStale(PROJECT_ROOT, log);
	const fakes = await startFakeProcess(LATENCY_MS, [PORT + 2, PORT + 3]);
	const base = path.join(os.tmpdir(), 'overlay-agi-bench-n8n');
	const hooks = writeBenchWorkflows(path.join(base, 'workflows'), fakes.vllm, PROVISIONED_CONCURRENCIES, LATENCY_MS);
	const profiles = path.join(base, 'profiles');
	try {
		const n8n = await startN8n({
			userFolder: path.join(base, 'user'),
			workflowsDir: path.join(base, 'workflows'),
			port: PORT,
			log,
			env: {
				VLLM_BASE_URL: fakes.vllm,
				LMSTUDIO_BASE_URL: fakes.lmstudio,
				NO_PROXY: '127.0.0.1,localhost',
				// Otherwise n8n's defaults, as users run it: each execution is saved with its data.
				N8N_LOG_LEVEL: 'warn',
				...(CPU_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles}` } : {}),
			},
		});
		return { n8n, fakes, hooks };
	} catch (error) {
		fakes.stop();
		throw error;
	}
}

const format = (value: number, digits: number) => value.toFixed(digits);

function printCell(count: number, concurrency: number, samples: Map<Mode, Sample | string>): void {
	const raw = samples.get('raw client');
	const rawRate = typeof raw === 'object' ? raw.itemsPerSecond : NaN;
	console.log(`\n${count} items, concurrency ${concurrency}:`);
	console.log('| mode | items/s | ratio to raw | CPU ms/item | server in-flight max | n8n RSS MiB |');
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const mode of MODES) {
		const sample = samples.get(mode);
		if (sample === undefined) continue;
		if (typeof sample === 'string') {
			console.log(`| ${mode} | ${sample} | | | | |`);
			continue;
		}
		const cpuLabel = mode === 'raw client' ? `${format(sample.cpuMsPerItem, 3)} (bench process)` : format(sample.cpuMsPerItem, 3);
		console.log(`| ${mode} | ${format(sample.itemsPerSecond, 0)} | ${Number.isNaN(rawRate) ? '-' : `${format(sample.itemsPerSecond / rawRate, 2)}x`} | ${cpuLabel} | ${mode === 'n8n floor' ? '-' : sample.maxInFlight} | ${sample.rssMiB} |`);
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const harness = await startHarness();
	console.log(`[bench] n8n ready (pid ${harness.n8n.pid}, ${harness.n8n.baseUrl}) after ${Math.round((Date.now() - started) / 1000)} s; fakes: ${LATENCY_MS} ms per generation`);
	try {
		// Warm-up: each workflow once, so that module loading and first compilations are not measured.
		for (const mode of MODES) {
			for (const concurrency of CONCURRENCIES) await measure(harness, mode, 50, concurrency);
		}
		for (const { items, concurrency } of CELLS) {
			const samples = new Map<Mode, Sample | string>();
			for (const mode of MODES) {
				if (mode === 'HTTP Request' && items > UNBATCHED_MAX_ITEMS) {
					samples.set(mode, `not run (${items} connections at once)`);
					continue;
				}
				try {
					samples.set(mode, await measure(harness, mode, items, concurrency));
				} catch (error) {
					samples.set(mode, `failed: ${(error as Error).message.split('\n')[0]}`);
				}
			}
			printCell(items, concurrency, samples);
		}
	} finally {
		await harness.n8n.stop();
		harness.fakes.stop();
	}
	console.log(`\n[bench] ${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}; ${Math.round((Date.now() - started) / 1000)} s in all`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
