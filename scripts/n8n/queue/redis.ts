/**
 * Redis for n8n's queue (Bull): one given by QUEUE_BULL_REDIS_HOST, or a redis-server started here
 * on loopback with its data (append-only file) in `dataDir`, so queued jobs survive a restart.
 * redis-server comes from the Debian package when missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from '../install';
import { findFreePort } from '../ports';
import type { ManagedProcess } from '../processes';
import type { Env } from '../settings';
import { ensureBinary } from './apt';
import { exchange, startUntilReady } from './wait';

export interface RedisEndpoint {
	/** The environment n8n gets for it (QUEUE_BULL_REDIS_*). */
	env: Env;
	/** The redis-server started here; undefined for one given by QUEUE_BULL_REDIS_HOST. */
	process?: ManagedProcess;
	describe: string;
}

export async function startRedis({ env, dataDir, log, timeoutMs = 60_000 }: { env: Env; dataDir: string; log: Log; timeoutMs?: number }): Promise<RedisEndpoint> {
	if (env.QUEUE_BULL_REDIS_HOST) {
		const port = env.QUEUE_BULL_REDIS_PORT ?? '6379';
		return { env: {}, describe: `Redis at ${env.QUEUE_BULL_REDIS_HOST}:${port} (QUEUE_BULL_REDIS_HOST)` };
	}
	const binary = await ensureBinary('redis-server', 'redis-server', log, ['/usr/bin', '/usr/sbin']);
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const port = await findFreePort();
	const logFile = path.join(dataDir, 'redis.log');
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes'];
	const spec = { name: 'redis', command: binary, args, env: { PATH: process.env.PATH }, cwd: dataDir, logFile };
	const redis = await startUntilReady(spec, async () => (await exchange('127.0.0.1', port, 'PING\r\n')).startsWith('+PONG'), timeoutMs);
	return { env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) }, process: redis, describe: `Redis 127.0.0.1:${port} (data: ${dataDir})` };
}
