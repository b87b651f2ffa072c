/**
 * What queue mode adds around n8n: Redis (Bull's queue) and Postgres (executions, workflows,
 * credentials shared by main and workers), started here unless QUEUE_BULL_REDIS_HOST /
 * DB_POSTGRESDB_HOST name running ones. Their data lives in `<user folder>/queue/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from '../install';
import { stopAll, type ManagedProcess } from '../processes';
import type { Env } from '../settings';
import { startPostgres } from './postgres';
import { startRedis } from './redis';

export interface QueueServices {
	/** Added to n8n's environment, for the main process, the workers and the CLI alike. */
	env: Env;
	/** Started here, in start order. */
	processes: ManagedProcess[];
	descriptions: string[];
}

export async function startQueueServices({ env, userFolder, log }: { env: Env; userFolder: string; log: Log }): Promise<QueueServices> {
	const dataRoot = path.join(userFolder, 'queue');
	// Enterable (not readable) by others: Postgres runs as its own user below it.
	fs.mkdirSync(dataRoot, { recursive: true });
	fs.chmodSync(dataRoot, 0o711);
	const redis = await startRedis({ env, dataDir: path.join(dataRoot, 'redis'), log });
	const started = redis.process ? [redis.process] : [];
	try {
		const postgres = await startPostgres({ env, dataDir: path.join(dataRoot, 'postgres', 'data'), log });
		if (postgres.process) started.push(postgres.process);
		const descriptions = [redis.describe, postgres.describe];
		for (const line of descriptions) log(line);
		return { env: { EXECUTIONS_MODE: 'queue', ...redis.env, ...postgres.env }, processes: started, descriptions };
	} catch (error) {
		await stopAll(started);
		throw error;
	}
}
