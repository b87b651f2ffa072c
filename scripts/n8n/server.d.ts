/** Types for server.js (plain JavaScript so that `npm start` needs no compile step). */
import type { ChildProcess } from 'node:child_process';

export interface StartN8nOptions {
	/** The node pack to install (default: this repository). */
	projectRoot?: string;
	/** Where Node 24, n8n and packed tarballs are cached (default: <repo>/.n8n-local, env OVERLAY_N8N_CACHE). */
	cacheDir?: string;
	/** n8n's user folder (default: env N8N_USER_FOLDER, else <cacheDir>/user). */
	userFolder?: string;
	/** Folder of workflow JSON files to import and publish (default: <repo>/workflows). */
	workflowsDir?: string;
	port?: number;
	brokerPort?: number;
	/** Merged over process.env for n8n and for the credential values (VLLM_*, LMSTUDIO_*). */
	env?: Record<string, string | undefined>;
	readyTimeoutMs?: number;
	/** Re-import every workflow even if its file did not change (env OVERLAY_N8N_REIMPORT=1). */
	forceImport?: boolean;
	logToConsole?: boolean;
	log?: (message: string) => void;
}

export interface RegisteredWebhook {
	workflowId: string;
	workflow: string;
	node: string;
	method: string;
	path: string;
	url: string;
}

export interface RunningN8n {
	baseUrl: string;
	editorUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	pid: number;
	packName: string;
	webhooks: RegisteredWebhook[];
	readyAfterMs: number;
	timings: { installMs: number; packMs: number; provisionMs: number; readyMs: number };
	child: ChildProcess;
	memoryMiB(): { main: number; children: Array<{ pid: number; rss: number }> };
	readLog(): string;
	/** Runs `n8n <args>` against the same database (e.g. 'list:workflow'); resolves with stdout. */
	cli(...args: string[]): Promise<string>;
	stop(): Promise<void>;
}

export function startN8n(options?: StartN8nOptions): Promise<RunningN8n>;
