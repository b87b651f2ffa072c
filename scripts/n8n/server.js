'use strict';
/**
 * startN8n(options): the one way this project runs a real n8n server, used by `npm start` (through
 * launch.js) and by the end-to-end tests. Installs what is missing, installs the pack, provisions
 * credentials and workflows, starts `n8n start` in its own process group and waits until every
 * example webhook is registered.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ensureNode, ensureN8n, npmEnvFor } = require('./install');
const { installPack } = require('./pack');
const { provision, makeCli } = require('./provision');
const { isPortFree } = require('./ports');
const { resolveSettings, ensureEncryptionKey, n8nEnvironment } = require('./settings');
const { readWorkflows } = require('./workflows');
const { waitUntilReady, readLog } = require('./readiness');

/**
 * Until the webhooks are registered, each readiness probe makes n8n print "The requested webhook
 * ... is not registered" with a stack trace. Keep those out of the console (the log file has all).
 */
function hideProbeNoise() {
	let active = true;
	let inTrace = false;
	return {
		stop: () => {
			active = false;
		},
		filter: (chunk) => {
			if (!active) return chunk;
			const kept = String(chunk)
				.split(/(?<=\n)/)
				.filter((line) => {
					if (/ResponseError: The requested webhook ".*" is not registered/.test(line)) return !(inTrace = true);
					if (inTrace && /^\s+at |^\s*$/.test(line)) return false;
					inTrace = false;
					return true;
				});
			return kept.join('');
		},
	};
}

function isRunning(child) {
	return child.exitCode === null && child.signalCode === null;
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is already gone
	}
}

/** SIGTERM to n8n's whole process group (n8n and its task runner), SIGKILL after a grace period. */
async function stopChild(child, graceMs = 15_000) {
	if (child.pid === undefined) return;
	const exited = new Promise((resolve) => {
		if (!isRunning(child)) resolve();
		else child.once('exit', resolve);
	});
	killGroup(child.pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// The task runner may outlive its parent for a moment.
	killGroup(child.pid, 'SIGKILL');
}

/** Resident memory (MiB) of n8n and its direct children, read from /proc. */
function memoryMiB(pid) {
	const rss = (id) => {
		try {
			const match = fs.readFileSync(`/proc/${id}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
			return match ? Math.round(Number(match[1]) / 1024) : 0;
		} catch {
			return 0;
		}
	};
	let children = [];
	try {
		children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		// not Linux, or the process is gone
	}
	return { main: rss(pid), children: children.map((id) => ({ pid: id, rss: rss(id) })) };
}

async function startN8n(options = {}) {
	const log = options.log ?? ((message) => console.log(`[n8n-launcher] ${message}`));
	const settings = resolveSettings(options);
	const workflows = readWorkflows(settings.workflowsDir);
	const timings = {};
	let phaseStart = Date.now();
	const endPhase = (name) => {
		timings[name] = Date.now() - phaseStart;
		phaseStart = Date.now();
	};
	const node = await ensureNode(settings.cacheDir, log);
	const n8n = { ...(await ensureN8n(settings.cacheDir, node, log)), nodeBin: node.nodeBin };
	endPhase('installMs');
	for (const port of [settings.port, settings.brokerPort]) {
		if (!(await isPortFree(port))) {
			throw new Error(`Port ${port} on 127.0.0.1 is in use (another n8n?). Stop it or set N8N_PORT (the task broker takes N8N_PORT + 1, or N8N_RUNNERS_BROKER_PORT).`);
		}
	}
	fs.mkdirSync(settings.userFolder, { recursive: true });
	const encryptionKey = ensureEncryptionKey(settings.userFolder);
	const pack = await installPack({ projectRoot: settings.projectRoot, cacheDir: settings.cacheDir, userFolder: settings.userFolder, npmEnv: npmEnvFor(node), log });
	endPhase('packMs');
	const env = n8nEnvironment(settings, node, encryptionKey);
	await provision({ n8n, env, settings, workflows, encryptionKey, log, force: options.forceImport ?? settings.env.OVERLAY_N8N_REIMPORT === '1' });

	endPhase('provisionMs');
	const logFile = path.join(settings.userFolder, 'n8n.log');
	const logStream = fs.createWriteStream(logFile, { flags: 'w' });
	log(`Starting n8n ${require(path.join(n8n.n8nDir, 'node_modules', 'n8n', 'package.json')).version} on Node ${node.version} (log: ${logFile}) ...`);
	const child = spawn(node.nodeBin, [n8n.entry, 'start'], { env, cwd: settings.userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const safetyNet = () => killGroup(child.pid, 'SIGKILL');
	process.on('exit', safetyNet);
	const probeNoise = hideProbeNoise();
	for (const stream of [child.stdout, child.stderr]) {
		stream.pipe(logStream, { end: false });
		if (options.logToConsole) stream.on('data', (chunk) => process.stdout.write(probeNoise.filter(chunk)));
	}
	child.once('exit', () => {
		process.removeListener('exit', safetyNet);
		logStream.end();
	});

	// CLI commands next to the running server need a task broker port of their own.
	const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort + 1) };
	const baseUrl = `http://${settings.host}:${settings.port}`;
	const webhooks = workflows.flatMap((wf) => wf.webhooks.map((hook) => ({ workflowId: wf.id, workflow: wf.name, ...hook, url: `${baseUrl}/webhook/${hook.path}` })));
	try {
		await waitUntilReady({ baseUrl, webhooks, child, logFile, timeoutMs: settings.readyTimeoutMs });
	} catch (error) {
		await stopChild(child);
		throw error;
	}
	probeNoise.stop();
	endPhase('readyMs');
	return {
		baseUrl,
		editorUrl: `${baseUrl}/`,
		port: settings.port,
		userFolder: settings.userFolder,
		logFile,
		pid: child.pid,
		packName: pack.name,
		webhooks,
		readyAfterMs: timings.readyMs,
		timings,
		child,
		memoryMiB: () => memoryMiB(child.pid),
		readLog: () => readLog(logFile),
		cli: (...args) => makeCli(n8n, cliEnv)(...args),
		stop: () => stopChild(child),
	};
}

module.exports = { startN8n };
