/**
 * startN8n(options): the one way this project runs a real n8n server, used by `npm start` (through
 * launch.ts) and by the end-to-end tests. Installs what is missing, installs the pack, provisions
 * credentials and workflows, starts `n8n start` in its own process group and waits until every
 * example webhook is registered.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureN8n, ensureNode, npmEnvFor, type Log } from './install';
import { readJson } from './manifest';
import { installPack } from './pack';
import { isPortFree } from './ports';
import { startProcess, stopAll, type ManagedProcess, type MemoryUsage } from './processes';
import { makeCli, provision } from './provision';
import { startQueueServices } from './queue/services';
import { startWorkers } from './queue/workers';
import { readLog, waitUntilReady } from './readiness';
import { ensureEncryptionKey, n8nEnvironment, resolveSettings, type N8nMode, type SettingsOptions } from './settings';
import { readWorkflows } from './workflows';

export interface StartN8nOptions extends SettingsOptions {
	/** Re-import every workflow even if its file did not change (env OVERLAY_N8N_REIMPORT=1). */
	forceImport?: boolean;
	logToConsole?: boolean;
	log?: Log;
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
	mode: N8nMode;
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
	/** Every process started for this server, in start order: [redis, postgres,] n8n[, worker 1, worker 2 ...]. */
	processes: ManagedProcess[];
	/** Queue mode: the `n8n worker` processes. */
	workers: ManagedProcess[];
	/** Queue mode: where Redis and Postgres are. */
	services: string[];
	memoryMiB(): MemoryUsage;
	readLog(): string;
	/** Runs `n8n <args>` against the same database (e.g. 'list:workflow'); resolves with stdout. */
	cli(...args: string[]): Promise<string>;
	/** Stops every process, the last started first. */
	stop(): Promise<void>;
}

/**
 * Until the webhooks are registered, each readiness probe makes n8n print "The requested webhook
 * ... is not registered" (or, while a workflow is being activated, "This webhook is not registered
 * for POST requests") with a stack trace. Keep those out of the console (the log file has all).
 */
function hideProbeNoise() {
	let active = true;
	let inTrace = false;
	return {
		stop: () => {
			active = false;
		},
		filter: (chunk: Buffer | string): string => {
			if (!active) return String(chunk);
			return String(chunk)
				.split(/(?<=\n)/)
				.filter((line) => {
					if (/ResponseError: (The requested webhook ".*" is not registered|This webhook is not registered for)/.test(line)) return !(inTrace = true);
					if (inTrace && /^\s+at |^\s*$/.test(line)) return false;
					inTrace = false;
					return true;
				})
				.join('');
		},
	};
}

async function assertPortsFree(ports: number[]): Promise<void> {
	for (const port of ports) {
		if (!(await isPortFree(port))) {
			throw new Error(`Port ${port} on 127.0.0.1 is in use (another n8n?). Stop it or set N8N_PORT (the task broker takes N8N_PORT + 1, or N8N_RUNNERS_BROKER_PORT).`);
		}
	}
}

export async function startN8n(options: StartN8nOptions = {}): Promise<RunningN8n> {
	const log = options.log ?? ((message: string) => console.log(`[n8n-launcher] ${message}`));
	const settings = resolveSettings(options);
	const workflows = readWorkflows(settings.workflowsDir);
	const timings = { installMs: 0, packMs: 0, provisionMs: 0, readyMs: 0 };
	let phaseStart = Date.now();
	const endPhase = (name: keyof typeof timings) => {
		timings[name] = Date.now() - phaseStart;
		phaseStart = Date.now();
	};
	const installContext = { cacheDir: settings.cacheDir, log, env: settings.env };
	const node = await ensureNode(installContext);
	const n8n = { ...(await ensureN8n({ ...installContext, node })), nodeBin: node.nodeBin };
	endPhase('installMs');
	await assertPortsFree([settings.port, settings.brokerPort]);
	fs.mkdirSync(settings.userFolder, { recursive: true });
	const encryptionKey = ensureEncryptionKey(settings.userFolder);
	const pack = await installPack({ projectRoot: settings.projectRoot, cacheDir: settings.cacheDir, userFolder: settings.userFolder, npmEnv: npmEnvFor(node, installContext), log });
	endPhase('packMs');
	const queue = settings.mode === 'queue' ? await startQueueServices({ env: settings.env, userFolder: settings.userFolder, log }) : undefined;
	const processes: ManagedProcess[] = [...(queue?.processes ?? [])];
	const env = { ...n8nEnvironment(settings, node, encryptionKey), ...queue?.env };
	const logFile = path.join(settings.userFolder, 'n8n.log');
	const baseUrl = `http://${settings.host}:${settings.port}`;
	const webhooks = workflows.flatMap((wf) => wf.webhooks.map((hook) => ({ workflowId: wf.id, workflow: wf.name, ...hook, url: `${baseUrl}/webhook/${hook.path}` })));
	const probeNoise = hideProbeNoise();
	let main: ManagedProcess | undefined;
	let workers: ManagedProcess[] = [];
	try {
		await provision({ n8n, env, settings, workflows, encryptionKey, log, force: options.forceImport ?? settings.env.OVERLAY_N8N_REIMPORT === '1' });
		endPhase('provisionMs');
		const n8nPackage = readJson<{ version: string }>(path.join(n8n.n8nDir, 'node_modules', 'n8n', 'package.json'));
		log(`Starting n8n ${n8nPackage?.version ?? ''} on Node ${node.version}${queue ? ` in queue mode with ${settings.workers} worker(s) running up to ${settings.workerConcurrency} executions each` : ''} (log: ${logFile}) ...`);
		main = startProcess({
			name: 'n8n',
			command: node.nodeBin,
			args: [n8n.entry, 'start'],
			env,
			cwd: settings.userFolder,
			logFile,
			onOutput: options.logToConsole ? (chunk) => process.stdout.write(probeNoise.filter(chunk)) : undefined,
		});
		processes.push(main);
		const [mainReady, workersReady] = await Promise.allSettled([
			waitUntilReady({ baseUrl, webhooks, child: main.child, logFile, timeoutMs: settings.readyTimeoutMs }),
			queue ? startWorkers({ count: settings.workers, n8n, env, userFolder: settings.userFolder, concurrency: settings.workerConcurrency, log }) : [],
		]);
		if (workersReady.status === 'fulfilled') processes.push(...(workers = workersReady.value));
		for (const outcome of [mainReady, workersReady]) if (outcome.status === 'rejected') throw outcome.reason;
	} catch (error) {
		await stopAll(processes);
		throw error;
	}
	probeNoise.stop();
	endPhase('readyMs');
	const server = main as ManagedProcess;
	// CLI commands next to the running server need a task broker port of their own.
	const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort + 1) };
	return {
		mode: settings.mode,
		baseUrl,
		editorUrl: `${baseUrl}/`,
		port: settings.port,
		userFolder: settings.userFolder,
		logFile,
		pid: server.pid,
		packName: pack.name,
		webhooks,
		readyAfterMs: timings.readyMs,
		timings,
		processes,
		workers,
		services: queue?.descriptions ?? [],
		memoryMiB: () => server.memoryMiB(),
		readLog: () => readLog(logFile),
		cli: makeCli(n8n, cliEnv),
		stop: () => stopAll(processes),
	};
}
