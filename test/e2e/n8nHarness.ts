/**
 * Starts the real n8n server for end-to-end tests through the same launcher as `npm start`
 * (scripts/n8n/server.ts): a throwaway user folder, a free port, test/fakes/bin first on PATH and
 * the credentials pointing at fake servers the test file started. Call once per test file in
 * beforeAll (E2E_SETUP_TIMEOUT_MS covers a cold install of Node 24 + n8n) and close in afterAll.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePortPair } from '../../scripts/n8n/ports';
import { startN8n, type RunningN8n } from '../../scripts/n8n/server';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';

/** The one thing the harness needs from a fake server (test/fakes/*Server.ts fit it). */
export interface FakeServer {
	url: string;
	close(): Promise<void>;
	requests: unknown[];
}

/** Cold: Node 24 + n8n install (~4 min) and sqlite3 build (~1 min) on 2 cores; warm: ~25 s. */
export const E2E_SETUP_TIMEOUT_MS = 20 * 60 * 1000;

export interface E2eServerOptions {
	vllmUrl?: string;
	vllmApiKey?: string;
	/** Allowed adapter path prefixes for the vLLM credential (VLLM_ADAPTER_PATHS). */
	vllmAdapterPaths?: string;
	lmStudioUrl?: string;
	lmStudioApiToken?: string;
	/** FAKE_NVIDIA_SMI_FIXTURE for the fake nvidia-smi (see test/fakes/bin/nvidia-smi). */
	nvidiaSmiFixture?: string;
	/** Folders whose *.json workflows are imported (default: the shipped workflows/). */
	workflowDirs?: string[];
	/** The node pack to install (default: this repository, which must be built). */
	projectRoot?: string;
	env?: Record<string, string>;
}

export interface JsonAnswer {
	status: number;
	contentType: string;
	/** The parsed body, or undefined when it was not JSON. */
	json: unknown;
	text: string;
	ms: number;
}

export interface E2eServer {
	n8n: RunningN8n;
	baseUrl: string;
	/** POSTs a JSON body (or a raw string) to /webhook/<path>. */
	post(webhookPath: string, body: unknown, timeoutMs?: number): Promise<JsonAnswer>;
	/** Node types the server itself registered (it writes them to its user folder at start). */
	loadedNodeTypes(): Array<{ name: string; version: number | number[] }>;
	loadedCredentialTypes(): string[];
	/** Launcher messages so far (never contains secrets). */
	launcherLog: string[];
	/** Stops n8n and starts it again on the same user folder and port (env patched), as a second `npm start` would. */
	restart(envPatch?: Record<string, string>): Promise<RunningN8n>;
	close(): Promise<void>;
}

function mergeWorkflowDirs(dirs: string[], into: string): void {
	fs.mkdirSync(into, { recursive: true });
	for (const dir of dirs) {
		if (!fs.existsSync(dir)) continue;
		for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.json'))) {
			const target = path.join(into, name);
			if (fs.existsSync(target)) throw new Error(`Two workflow files are named ${name}`);
			fs.copyFileSync(path.join(dir, name), target);
		}
	}
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<JsonAnswer> {
	const started = Date.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, contentType: response.headers.get('content-type') ?? '', json, text, ms: Date.now() - started };
}

function readTypes<T>(userFolder: string, file: string): T[] {
	return JSON.parse(fs.readFileSync(path.join(userFolder, '.cache', 'n8n', 'public', 'types', file), 'utf8')) as T[];
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-e2e-'));
	// Enterable by other users (not listable): queue mode's Postgres runs as its own user below it.
	fs.chmodSync(scratch, 0o711);
	const workflowsDir = path.join(scratch, 'workflows');
	mergeWorkflowDirs(options.workflowDirs ?? [path.join(PROJECT_ROOT, 'workflows')], workflowsDir);
	const launcherLog: string[] = [];
	const env: Record<string, string> = {
		PATH: `${path.join(PROJECT_ROOT, 'test', 'fakes', 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		VLLM_BASE_URL: options.vllmUrl ?? 'http://127.0.0.1:9',
		VLLM_API_KEY: options.vllmApiKey ?? '',
		VLLM_ADAPTER_PATHS: options.vllmAdapterPaths ?? '',
		LMSTUDIO_BASE_URL: options.lmStudioUrl ?? 'http://127.0.0.1:9',
		LMSTUDIO_API_TOKEN: options.lmStudioApiToken ?? '',
		FAKE_NVIDIA_SMI_FIXTURE: options.nvidiaSmiFixture ?? 'none',
		N8N_LOG_LEVEL: 'info',
		...options.env,
	};
	const port = await findFreePortPair();
	const launch = async (launchEnv: Record<string, string>): Promise<RunningN8n> => {
		try {
			return await startN8n({
				projectRoot: options.projectRoot ?? PROJECT_ROOT,
				userFolder: path.join(scratch, 'user'),
				workflowsDir,
				port,
				env: launchEnv,
				log: (message) => launcherLog.push(message),
			});
		} catch (error) {
			if (process.env.OVERLAY_E2E_KEEP !== '1') fs.rmSync(scratch, { recursive: true, force: true });
			throw new Error(`${(error as Error).message}\nlauncher: ${launcherLog.join('\n')}`);
		}
	};
	let n8n = await launch(env);
	return {
		get n8n() {
			return n8n;
		},
		baseUrl: n8n.baseUrl,
		launcherLog,
		post: (webhookPath, body, timeoutMs = 60_000) => postJson(`${n8n.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`, body, timeoutMs),
		loadedNodeTypes: () => readTypes(n8n.userFolder, 'nodes.json'),
		loadedCredentialTypes: () => readTypes<{ name: string }>(n8n.userFolder, 'credentials.json').map((credential) => credential.name),
		restart: async (envPatch = {}) => {
			await n8n.stop();
			n8n = await launch({ ...env, ...envPatch });
			return n8n;
		},
		close: async () => {
			await n8n.stop();
			if (process.env.OVERLAY_E2E_KEEP !== '1') fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 5 });
		},
	};
}
