/**
 * `npm run bench:n8n` (or `npm run bench -- --n8n`): the Generate nodes in a real n8n 2.41.1 server,
 * side by side in one run with a raw keep-alive client and n8n's own HTTP Request node, against the
 * fakes (a fixed latency per generation, in a process of their own).
 *
 * Every workflow starts with a Webhook whose body carries the items and a Split Out
 * (n8nWorkflows.ts); a run posts the items and waits for the answer, so items/s counts n8n's whole
 * execution. For each cell (items x concurrency) every mode runs once, one after the other, so that
 * a noisy moment of the shared machine touches them alike. Columns (n8nReport.ts): items/s; its
 * ratio to the raw client's, and the same with n8n's floor taken out; CPU of the n8n process per
 * item (utime + stime from /proc/<pid>/stat, 10 ms ticks; for the raw client, the CPU of this
 * process); the most generation requests the fake served at once; n8n's RSS after the run. The
 * "n8n floor" row is the same Webhook and Split Out with nothing after them; "vLLM Generate, not
 * saved" is vLLM Generate in a workflow set not to save successful executions (n8n's own cost of
 * saving each execution's data, which its default counts).
 *
 * n8n is not idle when no execution runs (its own timers), so the bench also measures its CPU at rest
 * for a few seconds and prints each cell's CPU per item above that rest as well.
 *
 * Options: --quick (200 items at 8/32/128 and 2,000 at 32); --cells=<items>x<concurrency>,... (e.g.
 * --cells=1000x8); --repeat=<n> (each cell n times, interleaved; medians are printed); --only=<mode>,...
 * (modes by the start of their name without spaces, e.g. --only=raw,vllm; a whole name such as
 * vllmgenerate picks that mode alone); --cpu-prof (writes n8n's CPU profile into
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
import { formatCell, type Outcome, type Sample } from './n8nReport';
import { postJson } from './postJson';

const LATENCY_MS = 50;
/** How long n8n's CPU at rest is sampled. */
const REST_MS = 5_000;

function optionValue(name: string): string | undefined {
	return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function parseCells(text: string): Array<{ items: number; concurrency: number }> {
	return text.split(',').map((cell) => {
		const [items, concurrency] = cell.split('x').map(Number);
		if (!(items > 0 && concurrency > 0)) throw new Error(`--cells: "${cell}" is not <items>x<concurrency>, e.g. 1000x8`);
		return { items, concurrency };
	});
}
const QUICK = process.argv.includes('--quick');
const CPU_PROFILE = process.argv.includes('--cpu-prof');
const ONLY = optionValue('only')?.toLowerCase().split(',');
const PORT = Number(process.env.BENCH_N8N_PORT ?? 5690);
/** HTTP Request without batching opens one connection per item at once; past this many items it is not run. */
const UNBATCHED_MAX_ITEMS = 1000;
const REPEAT = Math.max(1, Number(optionValue('repeat') ?? 1));
const CELLS_OPTION = optionValue('cells');
const CELLS: Array<{ items: number; concurrency: number }> = CELLS_OPTION
	? parseCells(CELLS_OPTION)
	: QUICK
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
const ALL_MODES = ['raw client', 'vLLM Generate', 'vLLM Generate, not saved', 'LM Studio Generate', 'HTTP Request', 'HTTP Request, batching', 'n8n floor'] as const;
type Mode = (typeof ALL_MODES)[number];
const modeKey = (mode: string) => mode.toLowerCase().replace(/ /g, '');
/** A filter that is a whole mode name picks that mode alone ("vllmgenerate"); otherwise it is a prefix ("vllm": both vLLM modes). */
const MODES = ALL_MODES.filter(
	(mode) => !ONLY || ONLY.some((filter) => modeKey(mode) === filter || (modeKey(mode).startsWith(filter) && !ALL_MODES.some((other) => modeKey(other) === filter))),
);

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
	/** CPU ms per second of each process at rest (n8n's own timers; the bench process idle). */
	restCpuMsPerSecond: { n8n: number; bench: number };
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
		case 'vLLM Generate, not saved':
			return `vllm-unsaved-${concurrency}`;
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
	const isRaw = mode === 'raw client';
	const pid = isRaw ? process.pid : harness.n8n.pid;
	await harness.fakes.maxInFlight();
	const cpuBefore = processCpuMs(pid);
	const started = performance.now();
	if (isRaw) await runPool(count, concurrency, rawClient(harness.fakes.vllm, VLLM_MODEL, concurrency));
	else await runWebhook(harness, hookFor(mode, concurrency), count);
	const seconds = (performance.now() - started) / 1000;
	const cpuMs = processCpuMs(pid) - cpuBefore;
	const restMs = seconds * (isRaw ? harness.restCpuMsPerSecond.bench : harness.restCpuMsPerSecond.n8n);
	const inFlight = await harness.fakes.maxInFlight();
	return {
		itemsPerSecond: count / seconds,
		cpuMsPerItem: cpuMs / count,
		cpuMsPerItemAboveRest: Math.max(0, cpuMs - restMs) / count,
		maxInFlight: mode === 'LM Studio Generate' ? inFlight.lmstudio : inFlight.vllm,
		rssMiB: harness.n8n.memoryMiB().main,
	};
}

/** CPU ms per second that n8n and this process spend with nothing to do, sampled over REST_MS. */
async function measureRest(n8nPid: number): Promise<{ n8n: number; bench: number }> {
	const before = { n8n: processCpuMs(n8nPid), bench: processCpuMs(process.pid) };
	await new Promise((done) => setTimeout(done, REST_MS));
	const seconds = REST_MS / 1000;
	return { n8n: (processCpuMs(n8nPid) - before.n8n) / seconds, bench: (processCpuMs(process.pid) - before.bench) / seconds };
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
		return { n8n, fakes, hooks, restCpuMsPerSecond: { n8n: 0, bench: 0 } };
	} catch (error) {
		fakes.stop();
		throw error;
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
		harness.restCpuMsPerSecond = await measureRest(harness.n8n.pid);
		console.log(`[bench] at rest: n8n ${harness.restCpuMsPerSecond.n8n.toFixed(1)} ms of CPU per second, this process ${harness.restCpuMsPerSecond.bench.toFixed(1)} (${REST_MS / 1000} s sampled)`);
		if (REPEAT > 1) console.log(`[bench] each cell ${REPEAT} times, modes interleaved; medians, with the range in brackets`);
		for (const { items, concurrency } of CELLS) {
			const outcomes = new Map<Mode, Outcome>(MODES.map((mode) => [mode, []]));
			for (let repeat = 0; repeat < REPEAT; repeat++) {
				for (const mode of MODES) {
					const samples = outcomes.get(mode);
					if (typeof samples === 'string') continue;
					if (mode === 'HTTP Request' && items > UNBATCHED_MAX_ITEMS) {
						outcomes.set(mode, `not run (${items} connections at once)`);
						continue;
					}
					try {
						samples?.push(await measure(harness, mode, items, concurrency));
					} catch (error) {
						outcomes.set(mode, `failed: ${(error as Error).message.split('\n')[0]}`);
					}
				}
			}
			console.log(formatCell(`${items} items, concurrency ${concurrency}`, items, [...outcomes], 'raw client', 'n8n floor').join('\n'));
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
