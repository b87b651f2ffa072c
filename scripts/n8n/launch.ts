/**
 * `npm start` runs `tsx scripts/n8n/launch.ts start`: builds the pack when its sources changed,
 * then runs n8n with it until Ctrl-C. Options: --workflows <dir>, --user-folder <dir>, --port <n>,
 * --queue (or OVERLAY_N8N_MODE=queue: Redis, Postgres, n8n main and workers), --workers <n> and
 * --worker-concurrency <n>.
 * `install` only prepares Node 24 and n8n in the cache; `build` only builds the pack when its
 * sources changed (`npm test` and `npm run e2e` start with it). Environment: N8N_PORT, N8N_USER_FOLDER,
 * VLLM_BASE_URL, VLLM_API_KEY, VLLM_ADAPTER_PATHS, LMSTUDIO_BASE_URL, LMSTUDIO_API_TOKEN,
 * OVERLAY_N8N_CACHE (see README). Secrets are never printed.
 */
import { buildIfStale } from './build';
import { ensureN8n, ensureNode } from './install';
import { stopAllStarted } from './processes';
import { startN8n, type RunningN8n, type StartN8nOptions } from './server';
import { PROJECT_ROOT, resolveSettings } from './settings';

const USAGE = `usage: tsx scripts/n8n/launch.ts start [--workflows <dir>] [--user-folder <dir>] [--port <n>] [--queue [--workers <n>] [--worker-concurrency <n>]]
       tsx scripts/n8n/launch.ts install   (only Node 24 + n8n into the cache)
       tsx scripts/n8n/launch.ts build     (only the pack, when its sources changed)`;

const log = (message: string) => console.log(`[n8n-launcher] ${message}`);

async function installRuntime(): Promise<void> {
	const context = { cacheDir: resolveSettings().cacheDir, log };
	const node = await ensureNode(context);
	const n8n = await ensureN8n({ ...context, node });
	log(`Ready: Node ${node.version} (${node.nodeBin}), n8n in ${n8n.n8nDir}`);
}

function parseArgs(argv: string[]): { command: string | undefined; options: StartN8nOptions } {
	const [command, ...rest] = argv;
	const options: StartN8nOptions = {};
	for (let i = 0; i < rest.length; i++) {
		if (rest[i] === '--queue') {
			options.mode = 'queue';
			continue;
		}
		const [flag, inline] = rest[i].split('=', 2);
		const value = inline ?? rest[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--workflows') options.workflowsDir = value;
		else if (flag === '--user-folder') options.userFolder = value;
		else if (flag === '--port') options.port = value;
		else if (flag === '--workers') options.workers = value;
		else if (flag === '--worker-concurrency') options.workerConcurrency = value;
		else throw new Error(`Unknown option ${rest[i]}\n${USAGE}`);
	}
	return { command, options };
}

function printReady(server: RunningN8n): void {
	const lines = [
		'',
		`n8n is ready (workflows registered ${(server.readyAfterMs / 1000).toFixed(1)} s after start).`,
		`  Editor:  ${server.editorUrl}   (first visit: create the owner account)`,
		`  Nodes:   ${server.packName}.*   user folder: ${server.userFolder}`,
		`  Log:     ${server.logFile}`,
	];
	if (server.mode === 'queue') {
		lines.push(`  Queue:   executions run on ${server.workers.length} worker(s): ${server.workers.map((worker) => worker.logFile).join(', ')}`);
		for (const service of server.services) lines.push(`           ${service}`);
	}
	lines.push(server.webhooks.length === 0 ? '  No example workflows found.' : '  Webhooks:');
	for (const hook of server.webhooks) lines.push(`    ${hook.method.padEnd(5)} ${hook.url}   (${hook.workflow})`);
	lines.push('Press Ctrl-C to stop.', '');
	console.log(lines.join('\n'));
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ctrl-C / SIGTERM / SIGHUP stop everything from the first moment, also while n8n is still being
 * installed or started (a start can take minutes); `server()` is the running n8n once there is one.
 */
function stopOnSignals(server: () => RunningN8n | undefined): { isStopping: () => boolean; stop: (code: number) => Promise<void> } {
	let stopping = false;
	const stop = async (code: number) => {
		stopping = true;
		const running = server();
		if (running) await running.stop();
		else await stopAllStarted();
		log('stopped.');
		process.exit(code);
	};
	for (const signal of STOP_SIGNALS) {
		process.on(signal, () => {
			if (stopping) return;
			const running = server();
			log(`${signal}: stopping ${running ? 'n8n' : 'what was started so far'} ...`);
			void stop(running ? 0 : 130);
		});
	}
	return { isStopping: () => stopping, stop };
}

/** Exits when a started process ends on its own (the signals are handled by stopOnSignals). */
function superviseUntilStopped(server: RunningN8n, control: ReturnType<typeof stopOnSignals>): void {
	for (const managed of server.processes) {
		managed.child.once('exit', (code, signal) => {
			if (control.isStopping()) return;
			console.error(`[n8n-launcher] ${managed.name} exited on its own (${code ?? signal}); see ${managed.logFile}`);
			void control.stop(typeof code === 'number' && code !== 0 ? code : 1);
		});
	}
}

async function main(): Promise<void> {
	const { command, options } = parseArgs(process.argv.slice(2));
	if (command === 'install') {
		await installRuntime();
		return;
	}
	if (command === 'build') {
		await buildIfStale(PROJECT_ROOT, log);
		return;
	}
	if (command !== 'start') {
		console.error(USAGE);
		process.exit(2);
	}
	const current: { server?: RunningN8n } = {};
	const control = stopOnSignals(() => current.server);
	await buildIfStale(PROJECT_ROOT, log);
	const server = await startN8n({ ...options, logToConsole: process.env.N8N_LAUNCHER_QUIET !== '1' });
	current.server = server;
	superviseUntilStopped(server, control);
	printReady(server);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`[n8n-launcher] ${error.message}`);
		process.exit(1);
	});
}
