/**
 * `npm run bench:queue`: workflow 05 (vLLM with a LoRA adapter and context) through real n8n
 * servers, side by side in one run so the ratio holds on a shared machine: n8n alone (regular
 * mode, SQLite) vs n8n in queue mode (Redis, Postgres, main + N workers), both started by the
 * launcher as `npm start` starts them, against the vLLM fake at a fixed latency in a process of its
 * own. Each setup gets a warm-up, then the same number of webhook calls at the same concurrency.
 *
 * Options: --requests=<n> (400), --concurrency=<n> (32), --latency=<ms> (100), --workers=<n> (2).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePortPair } from '../n8n/ports';
import { startN8n, type RunningN8n } from '../n8n/server';
import { PROJECT_ROOT, type N8nMode } from '../n8n/settings';

const ADAPTER_ROOT = '/srv/adapters';

function option(name: string, fallback: number): number {
	const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
	const value = given ? Number(given.split('=')[1]) : fallback;
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number from 1`);
	return value;
}

/** The fakes in a child process: their CPU is not the server's. Resolves with the vLLM URL and a stop function. */
async function startFakes(latencyMs: number): Promise<{ vllmUrl: string; stop: () => void }> {
	const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'fakeServers.ts'), String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const firstLine = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) resolve(text.split('\n')[0]);
		});
		child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
	});
	return { vllmUrl: (JSON.parse(firstLine) as { vllm: string }).vllm, stop: () => child.stdin.end() };
}

interface Round {
	seconds: number;
	failed: number;
	medianMs: number;
	p95Ms: number;
}

async function blast(url: string, requests: number, concurrency: number): Promise<Round> {
	const latencies: number[] = [];
	let failed = 0;
	let next = 0;
	const started = Date.now();
	const client = async () => {
		while (next < requests) {
			const index = next++;
			const begun = Date.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ prompt: `bench ${index}`, adapter: 'sql-lora', adapterPath: `${ADAPTER_ROOT}/sql-lora`, context: ['users(id, name)'] }),
				signal: AbortSignal.timeout(300_000),
			}).catch(() => undefined);
			await response?.text();
			if (response?.status !== 200) failed++;
			latencies.push(Date.now() - begun);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, client));
	latencies.sort((a, b) => a - b);
	return { seconds: (Date.now() - started) / 1000, failed, medianMs: latencies[Math.floor(latencies.length / 2)], p95Ms: latencies[Math.floor(latencies.length * 0.95)] };
}

async function measure({ mode, workers, vllmUrl, scratch, requests, concurrency }: { mode: N8nMode; workers: number; vllmUrl: string; scratch: string; requests: number; concurrency: number }): Promise<Round & { label: string }> {
	const label = mode === 'queue' ? `main + ${workers} workers (queue mode)` : 'main alone (regular mode)';
	console.log(`[bench:queue] starting ${label} ...`);
	const server: RunningN8n = await startN8n({
		mode,
		workers,
		userFolder: path.join(scratch, mode),
		port: await findFreePortPair(),
		env: { VLLM_BASE_URL: vllmUrl, VLLM_ADAPTER_PATHS: ADAPTER_ROOT, N8N_LOG_LEVEL: 'warn' },
		log: (message) => console.log(`[bench:queue]   ${message}`),
	});
	try {
		const url = `${server.baseUrl}/webhook/overlay/05-vllm-lora`;
		await blast(url, concurrency * 2, concurrency);
		const round = await blast(url, requests, concurrency);
		return { label, ...round };
	} finally {
		await server.stop();
	}
}

async function main(): Promise<void> {
	const requests = option('requests', 400);
	const concurrency = option('concurrency', 32);
	const latencyMs = option('latency', 100);
	const workers = option('workers', 2);
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-bench-queue-'));
	fs.chmodSync(scratch, 0o711);
	const fakes = await startFakes(latencyMs);
	const loadBefore = os.loadavg()[0];
	const rows: Array<Round & { label: string }> = [];
	try {
		for (const mode of ['regular', 'queue'] as const) rows.push(await measure({ mode, workers, vllmUrl: fakes.vllmUrl, scratch, requests, concurrency }));
	} finally {
		fakes.stop();
		fs.rmSync(scratch, { recursive: true, force: true });
	}
	console.log(`\nWorkflow 05, ${requests} calls at concurrency ${concurrency}, vLLM fake at ${latencyMs} ms per request; ${os.cpus().length} CPUs, load average ${loadBefore.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}, ${PROJECT_ROOT}`);
	console.log('| setup | requests/s | median | p95 | failed |');
	console.log('| --- | --- | --- | --- | --- |');
	for (const row of rows) console.log(`| ${row.label} | ${(requests / row.seconds).toFixed(1)} | ${row.medianMs} ms | ${row.p95Ms} ms | ${row.failed} |`);
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
