/**
 * `n8n worker` processes: the same Node 24 and n8n install as the main process, the same user folder
 * (so the same installed pack and encryption key) and database; each with a task broker port of its
 * own. A worker is ready when it logs "n8n worker is now ready" (n8n 2.41 commands/worker.ts).
 */
import * as path from 'node:path';
import type { Log } from '../install';
import { findFreePort } from '../ports';
import { startProcess, stopAll, type ManagedProcess } from '../processes';
import type { N8nCommand } from '../provision';
import { readLog, tail } from '../readiness';
import type { Env } from '../settings';
import { waitFor } from './wait';

const READY_LINE = 'n8n worker is now ready';
/** A stopping worker finishes its running executions for up to 80 % of N8N_GRACEFUL_SHUTDOWN_TIMEOUT (30 s) first. */
const STOP_GRACE_MS = 35_000;

export interface WorkerOptions {
	count: number;
	n8n: N8nCommand;
	env: Env;
	userFolder: string;
	/** Jobs one worker runs at once (`n8n worker --concurrency`, n8n's default 10). */
	concurrency?: number;
	log: Log;
	timeoutMs?: number;
}

export async function startWorker(index: number, { n8n, env, userFolder, concurrency = 10 }: WorkerOptions): Promise<ManagedProcess> {
	const logFile = path.join(userFolder, `worker-${index}.log`);
	const workerEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await findFreePort()) };
	return startProcess({ name: `worker ${index}`, command: n8n.nodeBin, args: [n8n.entry, 'worker', `--concurrency=${concurrency}`], env: workerEnv, cwd: userFolder, logFile, stopGraceMs: STOP_GRACE_MS });
}

export function waitForWorker(worker: ManagedProcess, timeoutMs: number): Promise<void> {
	return waitFor(worker.name, async () => readLog(worker.logFile).includes(READY_LINE), {
		timeoutMs,
		exited: () => !worker.isRunning(),
		describe: () => `log: ${worker.logFile}\n${tail(worker.logFile)}`,
	});
}

/** Starts `count` workers at once and resolves when all are ready (stops them all if one is not). */
export async function startWorkers(options: WorkerOptions): Promise<ManagedProcess[]> {
	const workers: ManagedProcess[] = [];
	for (let index = 1; index <= options.count; index++) workers.push(await startWorker(index, options));
	try {
		await Promise.all(workers.map((worker) => waitForWorker(worker, options.timeoutMs ?? 180_000)));
	} catch (error) {
		await stopAll(workers);
		throw error;
	}
	options.log(`${workers.length} worker(s) ready (logs: ${workers.map((worker) => worker.logFile).join(', ')})`);
	return workers;
}
