/**
 * `n8n worker` processes: the same Node 24 and n8n install as the main process, the same user folder
 * (so the same installed pack and encryption key) and database; each with a task broker port and a
 * health server of its own on loopback. A worker is ready when its `/healthz/readiness` answers 200:
 * n8n 2.41 answers so once the database is migrated, Redis connected and the worker takes jobs
 * (scaling/worker-server.ts), whatever the log level.
 */
import * as path from 'node:path';
import type { Log } from '../install';
import { findFreePort } from '../ports';
import { stopAll, type ManagedProcess } from '../processes';
import type { N8nCommand } from '../provision';
import { probe } from '../readiness';
import type { Env } from '../settings';
import { startUntilReady } from './wait';

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

async function startWorker(index: number, { n8n, env, userFolder, concurrency = 10, timeoutMs = 180_000 }: WorkerOptions): Promise<ManagedProcess> {
	const logFile = path.join(userFolder, `worker-${index}.log`);
	const healthPort = await findFreePort();
	const workerEnv = {
		...env,
		N8N_RUNNERS_BROKER_PORT: String(await findFreePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const spec = { name: `worker ${index}`, command: n8n.nodeBin, args: [n8n.entry, 'worker', `--concurrency=${concurrency}`], env: workerEnv, cwd: userFolder, logFile, stopGraceMs: STOP_GRACE_MS };
	const worker = await startUntilReady(spec, async () => (await probe(`http://127.0.0.1:${healthPort}/healthz/readiness`, 'GET', 5000)) === 200, timeoutMs);
	return worker;
}

/** Starts `count` workers at once and resolves when all are ready (stops them all if one is not). */
export async function startWorkers(options: WorkerOptions): Promise<ManagedProcess[]> {
	const outcomes = await Promise.allSettled(Array.from({ length: options.count }, (_, i) => startWorker(i + 1, options)));
	const workers = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
	const failure = outcomes.find((outcome) => outcome.status === 'rejected');
	if (failure) {
		await stopAll(workers);
		throw failure.reason;
	}
	options.log(`${workers.length} worker(s) ready (logs: ${workers.map((worker) => worker.logFile).join(', ')})`);
	return workers;
}
