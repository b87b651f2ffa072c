#!/usr/bin/env node
'use strict';
/**
 * `node scripts/n8n/launch.js start [--workflows <dir>]`: runs n8n with this pack until Ctrl-C.
 * Environment: N8N_PORT, N8N_USER_FOLDER, VLLM_BASE_URL, VLLM_API_KEY, VLLM_ADAPTER_PATHS,
 * LMSTUDIO_BASE_URL, LMSTUDIO_API_TOKEN (see README). Secrets are never printed.
 */
const { startN8n } = require('./server');
const { ensureNode, ensureN8n } = require('./install');
const { resolveSettings } = require('./settings');

async function installRuntime() {
	const log = (message) => console.log(`[n8n-launcher] ${message}`);
	const { cacheDir } = resolveSettings();
	const node = await ensureNode(cacheDir, log);
	const n8n = await ensureN8n(cacheDir, node, log);
	log(`Ready: Node ${node.version} (${node.nodeBin}), n8n in ${n8n.n8nDir}`);
}

function parseArgs(argv) {
	const [command, ...rest] = argv;
	const options = {};
	for (let i = 0; i < rest.length; i++) {
		const [flag, inline] = rest[i].split('=', 2);
		const value = inline ?? rest[++i];
		if (flag === '--workflows') options.workflowsDir = value;
		else if (flag === '--user-folder') options.userFolder = value;
		else if (flag === '--port') options.port = value;
		else throw new Error(`Unknown option ${rest[i]}`);
	}
	return { command, options };
}

function printReady(server) {
	const lines = [
		'',
		`n8n is ready (workflows registered ${(server.readyAfterMs / 1000).toFixed(1)} s after start).`,
		`  Editor:  ${server.editorUrl}   (first visit: create the owner account)`,
		`  Nodes:   ${server.packName}.*   user folder: ${server.userFolder}`,
		`  Log:     ${server.logFile}`,
	];
	if (server.webhooks.length === 0) lines.push('  No example workflows found.');
	else lines.push('  Webhooks:');
	for (const hook of server.webhooks) lines.push(`    ${hook.method.padEnd(5)} ${hook.url}   (${hook.workflow})`);
	lines.push('Press Ctrl-C to stop.', '');
	console.log(lines.join('\n'));
}

async function main() {
	const { command, options } = parseArgs(process.argv.slice(2));
	if (command === 'install') {
		await installRuntime();
		return;
	}
	if (command !== 'start') {
		console.error('usage: node scripts/n8n/launch.js start [--workflows <dir>] [--user-folder <dir>] [--port <n>]\n       node scripts/n8n/launch.js install   (only Node 24 + n8n into the cache)');
		process.exit(2);
	}
	const server = await startN8n({ ...options, logToConsole: process.env.N8N_LAUNCHER_QUIET !== '1' });
	let stopping = false;
	const shutdown = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[n8n-launcher] ${signal}: stopping n8n ...`);
		await server.stop();
		console.log('[n8n-launcher] stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGHUP', () => shutdown('SIGHUP'));
	server.child.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(`[n8n-launcher] n8n exited on its own (${code ?? signal}); see ${server.logFile}`);
		process.exit(typeof code === 'number' && code !== 0 ? code : 1);
	});
	printReady(server);
}

main().catch((error) => {
	console.error(`[n8n-launcher] ${error.message}`);
	process.exit(1);
});
