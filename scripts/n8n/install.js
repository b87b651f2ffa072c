'use strict';
/**
 * Installs, once, the runtime n8n needs into a cache folder (default `.n8n-local/` in the project):
 * a Node 24 binary from the npm package node-linux-<arch> when the system Node is older, and the
 * pinned n8n. Later runs find both ready and skip the work.
 */
const fs = require('node:fs');
const path = require('node:path');
const { cleanNpmEnv, run, runStreaming } = require('./process-utils');
const { n8nVersion, nodeVersion, nodeMajor } = require('./versions');

const READY_MARKER = '.overlay-ready.json';

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function hasHeaders(nodeDir) {
	return fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'));
}

/** The Node binary n8n runs on: the system one when it is recent enough and has headers, else the npm package. */
async function ensureNode(cacheDir, log) {
	const systemMajor = Number(process.versions.node.split('.')[0]);
	const systemDir = path.resolve(path.dirname(process.execPath), '..');
	if (systemMajor >= nodeMajor && hasHeaders(systemDir)) {
		return { nodeBin: process.execPath, nodeDir: systemDir, version: process.versions.node };
	}
	const packageName = `node-linux-${process.arch}`;
	const prefix = path.join(cacheDir, `node${nodeMajor}`);
	const nodeDir = path.join(prefix, 'node_modules', packageName);
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	const installed = readJson(path.join(nodeDir, 'package.json'));
	if (installed?.version !== nodeVersion || !fs.existsSync(nodeBin)) {
		if (process.platform !== 'linux') {
			throw new Error(`Node ${nodeMajor} is needed to run n8n; install it (found ${process.version}).`);
		}
		log(`Installing Node ${nodeVersion} (npm package ${packageName}) into ${prefix} ...`);
		fs.mkdirSync(prefix, { recursive: true });
		fs.writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
		await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `${packageName}@${nodeVersion}`], {
			env: cleanNpmEnv(process.env),
		});
	}
	return { nodeBin, nodeDir, version: nodeVersion };
}

/** Environment under which npm builds native modules for (and runs on) the given Node. */
function npmEnvFor(node) {
	const env = cleanNpmEnv(process.env);
	env.PATH = `${path.dirname(node.nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
	// node-gyp takes the headers shipped with that Node instead of downloading them.
	env.npm_config_nodedir = node.nodeDir;
	return env;
}

function isN8nReady(n8nDir, node) {
	const marker = readJson(path.join(n8nDir, READY_MARKER));
	return marker?.n8nVersion === n8nVersion && marker?.nodeVersion === node.version && fs.existsSync(n8nEntry(n8nDir));
}

function n8nEntry(n8nDir) {
	return path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Waits for (or takes) an install lock so that two launchers never install into the same folder at once. */
async function withLock(lockDir, log, work) {
	const deadline = Date.now() + 30 * 60 * 1000;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }));
			const ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			if ((owner && !isAlive(owner)) || (!owner && ageMs > 60_000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`Timed out waiting for the install lock ${lockDir}`);
			if (!announced) log(`Waiting for another launcher (pid ${owner || '?'}) to finish installing ...`);
			announced = true;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * The pinned n8n, installed without install scripts (several download from GitHub and fail offline),
 * then sqlite3 rebuilt from its bundled sources for this Node. Staged in a side folder and renamed,
 * so an interrupted install is never taken for a finished one.
 */
async function ensureN8n(cacheDir, node, log) {
	const n8nDir = path.join(cacheDir, 'n8n');
	if (isN8nReady(n8nDir, node)) return { n8nDir, entry: n8nEntry(n8nDir) };
	fs.mkdirSync(cacheDir, { recursive: true });
	return withLock(path.join(cacheDir, '.install-lock'), log, async () => {
		if (isN8nReady(n8nDir, node)) return { n8nDir, entry: n8nEntry(n8nDir) };
		const staging = path.join(cacheDir, 'n8n.staging');
		fs.rmSync(staging, { recursive: true, force: true });
		fs.mkdirSync(staging, { recursive: true });
		fs.writeFileSync(path.join(staging, 'package.json'), '{"private":true}\n');
		const env = npmEnvFor(node);
		const started = Date.now();
		log(`Installing n8n@${n8nVersion} into ${n8nDir} (first run only; a few minutes) ...`);
		await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `n8n@${n8nVersion}`], { env });
		log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s; building sqlite3 for Node ${node.version} (about a minute) ...`);
		const rebuildStarted = Date.now();
		await runStreaming('npm', ['rebuild', 'sqlite3', '--foreground-scripts=false', '--loglevel=error'], { cwd: staging, env });
		log(`sqlite3 built in ${Math.round((Date.now() - rebuildStarted) / 1000)} s`);
		const marker = { n8nVersion, nodeVersion: node.version, installedAt: new Date().toISOString() };
		fs.writeFileSync(path.join(staging, READY_MARKER), `${JSON.stringify(marker, null, '\t')}\n`);
		fs.rmSync(n8nDir, { recursive: true, force: true });
		fs.renameSync(staging, n8nDir);
		return { n8nDir, entry: n8nEntry(n8nDir) };
	});
}

module.exports = { ensureNode, ensureN8n, npmEnvFor, readJson, withLock };
