/**
 * Where things live and which environment n8n gets. Every default can be overridden through the
 * options of startN8n or the documented environment variables.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanNpmEnv } from './npm-env';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Fixed credential ids: the example workflows reference them together with the names. */
export const CREDENTIALS = {
	vllm: { id: 'overlayVllmCred1', name: 'vLLM account', type: 'vllmApi' },
	lmStudio: { id: 'overlayLmStudio1', name: 'LM Studio account', type: 'lmStudioApi' },
} as const;

export type Env = Record<string, string | undefined>;

export type N8nMode = 'regular' | 'queue';

export interface SettingsOptions {
	/** 'queue': Redis, Postgres, n8n main with EXECUTIONS_MODE=queue and workers (default: env OVERLAY_N8N_MODE, else 'regular'). */
	mode?: N8nMode;
	/** Queue mode: how many `n8n worker` processes (default 2). */
	workers?: number | string;
	/** Queue mode: jobs one worker runs at once (`n8n worker --concurrency`; default env OVERLAY_N8N_WORKER_CONCURRENCY, else n8n's 10). */
	workerConcurrency?: number | string;
	/** The node pack to install (default: this repository). */
	projectRoot?: string;
	/** Where Node 24, n8n and packed tarballs are cached (default: <repo>/.n8n-local, env OVERLAY_N8N_CACHE). */
	cacheDir?: string;
	/** n8n's user folder (default: env N8N_USER_FOLDER, else <cacheDir>/user, in queue mode <cacheDir>/user-queue). */
	userFolder?: string;
	/** Folder of workflow JSON files to import and publish (default: <repo>/workflows). */
	workflowsDir?: string;
	port?: number | string;
	brokerPort?: number | string;
	/** Merged over process.env for n8n and for the credential values (VLLM_*, LMSTUDIO_*). */
	env?: Env;
	readyTimeoutMs?: number;
}

export interface LauncherSettings {
	mode: N8nMode;
	workers: number;
	workerConcurrency: number;
	projectRoot: string;
	cacheDir: string;
	port: number;
	brokerPort: number;
	host: string;
	userFolder: string;
	workflowsDir: string;
	env: Env;
	readyTimeoutMs: number;
	credentialValues: {
		vllm: { baseUrl: string; apiKey: string; allowedAdapterPaths: string };
		lmStudio: { baseUrl: string; apiToken: string };
	};
}

function wholeNumberFromOne(value: number | string, what: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) throw new Error(`${what} must be a whole number from 1, got "${value}"`);
	return number;
}

export function resolveSettings(options: SettingsOptions = {}): LauncherSettings {
	const env: Env = { ...process.env, ...(options.env ?? {}) };
	const projectRoot = options.projectRoot ?? PROJECT_ROOT;
	const cacheDir = path.resolve(options.cacheDir ?? env.OVERLAY_N8N_CACHE ?? path.join(PROJECT_ROOT, '.n8n-local'));
	const port = Number(options.port ?? env.N8N_PORT ?? 5678);
	const brokerPort = Number(options.brokerPort ?? env.N8N_RUNNERS_BROKER_PORT ?? port + 1);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`N8N_PORT must be a port number, got "${env.N8N_PORT}"`);
	if (!Number.isInteger(brokerPort) || brokerPort === port) throw new Error('N8N_RUNNERS_BROKER_PORT must be a port number other than N8N_PORT');
	const mode = options.mode ?? (env.OVERLAY_N8N_MODE || 'regular');
	if (mode !== 'regular' && mode !== 'queue') throw new Error(`OVERLAY_N8N_MODE must be "regular" or "queue", got "${mode}"`);
	const workers = wholeNumberFromOne(options.workers ?? 2, '--workers');
	const workerConcurrency = wholeNumberFromOne(options.workerConcurrency ?? (env.OVERLAY_N8N_WORKER_CONCURRENCY || 10), '--worker-concurrency (OVERLAY_N8N_WORKER_CONCURRENCY)');
	// Each mode has its own user folder: the record of what was imported belongs to that mode's database.
	const defaultUserFolder = path.join(cacheDir, mode === 'queue' ? 'user-queue' : 'user');
	return {
		mode,
		workers,
		workerConcurrency,
		projectRoot,
		cacheDir,
		port,
		brokerPort,
		host: '127.0.0.1',
		userFolder: path.resolve(options.userFolder ?? env.N8N_USER_FOLDER ?? defaultUserFolder),
		workflowsDir: path.resolve(options.workflowsDir ?? path.join(projectRoot, 'workflows')),
		env,
		readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
		credentialValues: {
			vllm: {
				baseUrl: env.VLLM_BASE_URL || 'http://localhost:8000',
				apiKey: env.VLLM_API_KEY ?? '',
				allowedAdapterPaths: env.VLLM_ADAPTER_PATHS ?? '',
			},
			lmStudio: {
				baseUrl: env.LMSTUDIO_BASE_URL || 'http://localhost:1234',
				apiToken: env.LMSTUDIO_API_TOKEN ?? '',
			},
		},
	};
}

/**
 * The instance's encryption key: n8n's own `.n8n/config` file when present, else a random key
 * written there once (mode 0600, as n8n checks). Credentials stay readable across restarts.
 */
export function ensureEncryptionKey(userFolder: string): string {
	const dir = path.join(userFolder, '.n8n');
	const file = path.join(dir, 'config');
	fs.mkdirSync(dir, { recursive: true });
	if (fs.existsSync(file)) {
		const key = (JSON.parse(fs.readFileSync(file, 'utf8')) as { encryptionKey?: unknown }).encryptionKey;
		if (typeof key === 'string' && key) return key;
	}
	const key = crypto.randomBytes(24).toString('base64url');
	fs.writeFileSync(file, JSON.stringify({ encryptionKey: key }, null, '\t'), { mode: 0o600 });
	return key;
}

/**
 * The environment n8n runs with: loopback only, nothing phoning home, SQLite in the user folder,
 * and none of this project's npm settings (n8n runs npm itself to install community packages).
 */
export function n8nEnvironment(settings: LauncherSettings, node: { nodeBin: string }, encryptionKey: string): Env {
	const env: Env = cleanNpmEnv(settings.env, settings.projectRoot);
	// Under NODE_ENV=test (jest sets it) `n8n start` exits with status 1 and no message.
	delete env.NODE_ENV;
	env.PATH = `${path.dirname(node.nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
	const fixed: Env = {
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LISTEN_ADDRESS: settings.host,
		N8N_HOST: settings.host,
		N8N_PORT: String(settings.port),
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: settings.host,
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	};
	const offlineDefaults: Env = {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Its startup task fetches api.n8n.io and logs stack traces when offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
	};
	for (const [key, value] of Object.entries(offlineDefaults)) {
		if (env[key] === undefined) env[key] = value;
	}
	return { ...env, ...fixed };
}
