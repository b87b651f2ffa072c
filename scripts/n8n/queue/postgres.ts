/**
 * Postgres for n8n's data in queue mode: one given by DB_POSTGRESDB_HOST, or a server started here
 * on loopback with its data folder in `dataDir` (initialized once, kept across restarts), from the
 * binaries on PATH or /usr/lib/postgresql/<major>/bin, else from the Debian package `postgresql`.
 * Postgres refuses to run as root: a root launcher runs it as the `postgres` user (made by the
 * Debian package) through setpriv, which then owns the data folder.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from '../install';
import { findFreePort } from '../ports';
import { throughSetpriv, type ManagedProcess, type ServiceUser } from '../processes';
import { run } from '../process-utils';
import type { Env } from '../settings';
import { ensureBinary, findBinary } from './apt';
import { startUntilReady } from './wait';

const DATABASE = 'n8n';
const DB_USER = 'n8n';
const SERVICE_USER = 'postgres';

export interface PostgresEndpoint {
	env: Env;
	process?: ManagedProcess;
	describe: string;
}

function postgresBinDirs(): string[] {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return [];
	return fs
		.readdirSync(root)
		.sort((a, b) => Number(b) - Number(a))
		.map((major) => path.join(root, major, 'bin'));
}

/** uid/gid of `name` from /etc/passwd. */
function lookupUser(name: string): ServiceUser | undefined {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Root runs the server binaries as the service user; anyone else runs them as themselves. */
function asServiceUser(user: ServiceUser | undefined, binary: string, args: string[]): { command: string; args: string[] } {
	if (!user) return { command: binary, args };
	const wrapped = throughSetpriv(binary, args, { runAs: user });
	if (!wrapped) throw new Error(`Postgres must run as the user "${SERVICE_USER}", which needs setpriv (Debian's util-linux package).`);
	return wrapped;
}

/** The service user must be able to reach the data folder: every folder above it needs o+x (or be its own). */
function assertReachable(dir: string, user: ServiceUser): void {
	for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
		const stat = fs.statSync(current);
		if (stat.uid !== user.uid && (stat.mode & 0o001) === 0) {
			throw new Error(`Postgres runs as the user "${SERVICE_USER}", which cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}). Give it o+x (chmod o+x ${current}) or choose another --user-folder.`);
		}
	}
}

function readOrCreatePassword(file: string): string {
	if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
	const password = crypto.randomBytes(24).toString('base64url');
	fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
	return password;
}

async function initDataDir({ binDir, dataDir, password, user, log }: { binDir: string; dataDir: string; password: string; user: ServiceUser | undefined; log: Log }): Promise<void> {
	log(`Creating the Postgres data folder ${dataDir} ...`);
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	// initdb reads the superuser's password from a file the service user can read; it is removed right after.
	const pwfile = path.join(dataDir, '..', '.initdb-password');
	fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	try {
		if (user) {
			fs.chownSync(dataDir, user.uid, user.gid);
			fs.chownSync(pwfile, user.uid, user.gid);
		}
		const initdb = asServiceUser(user, path.join(binDir, 'initdb'), ['-D', dataDir, '-U', DB_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
		await run(initdb.command, initdb.args, { timeoutMs: 300_000, cwd: '/' });
	} finally {
		fs.rmSync(pwfile, { force: true });
	}
}

export async function startPostgres({ env, dataDir, log, timeoutMs = 120_000 }: { env: Env; dataDir: string; log: Log; timeoutMs?: number }): Promise<PostgresEndpoint> {
	if (env.DB_POSTGRESDB_HOST) {
		return { env: { DB_TYPE: 'postgresdb' }, describe: `Postgres at ${env.DB_POSTGRESDB_HOST}:${env.DB_POSTGRESDB_PORT ?? 5432} (DB_POSTGRESDB_HOST)` };
	}
	const postgresBinary = findBinary('postgres', postgresBinDirs()) ?? (await ensureBinary('postgres', 'postgresql', log, postgresBinDirs()));
	const binDir = path.dirname(fs.realpathSync(postgresBinary));
	const user = process.getuid?.() === 0 ? lookupUser(SERVICE_USER) : undefined;
	if (process.getuid?.() === 0 && !user) throw new Error(`Postgres refuses to run as root and there is no "${SERVICE_USER}" user: apt-get install postgresql creates it (or give DB_POSTGRESDB_HOST).`);
	fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 });
	if (user) {
		fs.chmodSync(path.dirname(dataDir), 0o711);
		assertReachable(dataDir, user);
	}
	const password = readOrCreatePassword(path.join(path.dirname(dataDir), 'postgres-password'));
	if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initDataDir({ binDir, dataDir, password, user, log });

	const port = await findFreePort();
	const logFile = path.join(path.dirname(dataDir), 'postgres.log');
	const serverArgs = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`, '-c', 'max_connections=200'];
	const clientEnv = { ...process.env, PGPASSWORD: password };
	const isReady = () => run(path.join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, '-d', 'postgres'], { env: clientEnv }).then(() => true, () => false);
	const spec = { name: 'postgres', command: path.join(binDir, 'postgres'), args: serverArgs, runAs: user, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' }, cwd: '/', logFile, stopSignal: 'SIGINT' as const };
	const postgres = await startUntilReady(spec, isReady, timeoutMs);
	// Also on later starts: a first start may have stopped between initdb and here.
	await run(path.join(binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DATABASE], { env: clientEnv }).catch(async (error: Error) => {
		if (/already exists/.test(error.message)) return;
		await postgres.stop();
		throw error;
	});
	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: password,
			// n8n's default pool is 2 connections per process: a burst of 200 webhook calls on the busy
			// machine made the main wait past its 20 s connection timeout ("timeout exceeded when trying to connect").
			DB_POSTGRESDB_POOL_SIZE: env.DB_POSTGRESDB_POOL_SIZE ?? '10',
		},
		process: postgres,
		describe: `Postgres 127.0.0.1:${port} (data: ${dataDir})`,
	};
}
