/**
 * Installs, once, the runtime n8n needs into a cache folder (default `.n8n-local/` in the project):
 * a Node 24 binary from the npm package node-linux-<arch> when the system Node is older, and the
 * pinned n8n with sqlite3 built for that Node. An install is marked ready only once it is proven to
 * work (verify-install.ts); one marked ready that no longer works is repaired at the next start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson } from './manifest';
import { cleanNpmEnv } from './npm-env';
import { run, runStreaming } from './process-utils';
import { PROJECT_ROOT } from './settings';
import { findInstallProblem, n8nEntry, type NodeRuntime } from './verify-install';
import { n8nVersion, nodeMajor, nodeVersion } from './versions';

export type { NodeRuntime } from './verify-install';
export type Log = (message: string) => void;

const READY_MARKER = '.overlay-ready.json';

interface ReadyMarker {
	n8nVersion: string;
	nodeVersion: string;
	installedAt: string;
	verifiedAt: string;
}

export interface N8nInstall {
	n8nDir: string;
	entry: string;
}

/** Which n8n to install: the pinned one from the registry, or (tests) any package spec with its version. */
export interface N8nPackage {
	spec: string;
	version: string;
}

export interface InstallContext {
	cacheDir: string;
	log: Log;
	/** The launcher's environment; npm gets it cleaned (npm-env.ts). Default: process.env. */
	env?: NodeJS.ProcessEnv;
	/** The project whose .npmrc must not reach n8n's npm commands. Default: this repository. */
	projectRoot?: string;
}

function hasHeaders(nodeDir: string): boolean {
	return fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'));
}

function npmEnv(context: InstallContext): NodeJS.ProcessEnv {
	return cleanNpmEnv(context.env ?? process.env, context.projectRoot ?? PROJECT_ROOT);
}

/** A folder npm treats as its own project (its own package.json), so no outer .npmrc applies. */
function makeNpmPrefix(dir: string): void {
	fs.mkdirSync(dir, { recursive: true });
	if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
}

/** The Node binary n8n runs on: the system one when it is recent enough and has headers, else the npm package. */
export async function ensureNode(context: InstallContext): Promise<NodeRuntime> {
	const systemMajor = Number(process.versions.node.split('.')[0]);
	const systemDir = path.resolve(path.dirname(process.execPath), '..');
	if (systemMajor >= nodeMajor && hasHeaders(systemDir)) {
		return { nodeBin: process.execPath, nodeDir: systemDir, version: process.versions.node };
	}
	const packageName = `node-linux-${process.arch}`;
	const prefix = path.join(context.cacheDir, `node${nodeMajor}`);
	const nodeDir = path.join(prefix, 'node_modules', packageName);
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	if (readJson<{ version?: string }>(path.join(nodeDir, 'package.json'))?.version !== nodeVersion || !fs.existsSync(nodeBin)) {
		if (process.platform !== 'linux') {
			throw new Error(`Node ${nodeMajor} is needed to run n8n; install it (found ${process.version}).`);
		}
		context.log(`Installing Node ${nodeVersion} (npm package ${packageName}) into ${prefix} ...`);
		makeNpmPrefix(prefix);
		await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', '--loglevel=error', `${packageName}@${nodeVersion}`], {
			cwd: prefix,
			env: npmEnv(context),
		});
	}
	return { nodeBin, nodeDir, version: nodeVersion };
}

/** Environment under which npm builds native modules for (and runs on) the given Node. */
export function npmEnvFor(node: NodeRuntime, context: InstallContext): NodeJS.ProcessEnv {
	const env = npmEnv(context);
	env.PATH = `${path.dirname(node.nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
	return env;
}

/** Waits for (or takes) an install lock so that two launchers never install into the same folder at once. */
export async function withLock<T>(lockDir: string, log: Log, work: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + 30 * 60 * 1000;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
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

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

function isMarkedReady(n8nDir: string, node: NodeRuntime, n8nPackage: N8nPackage): boolean {
	const marker = readJson<ReadyMarker>(path.join(n8nDir, READY_MARKER));
	return marker?.n8nVersion === n8nPackage.version && marker?.nodeVersion === node.version;
}

function writeReadyMarker(dir: string, node: NodeRuntime, n8nPackage: N8nPackage, installedAt = new Date().toISOString()): void {
	const marker: ReadyMarker = { n8nVersion: n8nPackage.version, nodeVersion: node.version, installedAt, verifiedAt: new Date().toISOString() };
	fs.writeFileSync(path.join(dir, READY_MARKER), `${JSON.stringify(marker, null, '\t')}\n`);
}

/**
 * Builds sqlite3 from its bundled sources for this Node. Install scripts are on here whatever an
 * npmrc or the environment says, and node-gyp takes the headers shipped with that Node.
 */
async function buildSqlite(dir: string, node: NodeRuntime, context: InstallContext): Promise<void> {
	const started = Date.now();
	context.log(`Building sqlite3 for Node ${node.version} (a minute or more) ...`);
	await runStreaming('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts=false', '--loglevel=error', `--nodedir=${node.nodeDir}`], {
		cwd: dir,
		env: npmEnvFor(node, context),
	});
	context.log(`sqlite3 built in ${seconds(started)} s`);
}

async function assertWorks(dir: string, node: NodeRuntime, n8nPackage: N8nPackage, context: InstallContext): Promise<void> {
	const problem = await findInstallProblem(dir, node, n8nPackage.version, context.env ?? process.env);
	if (problem) {
		throw new Error(`The n8n install in ${dir} does not work, so it is not marked ready: ${problem}. See "Troubleshooting" in the README.`);
	}
}

/**
 * The n8n package, installed without install scripts (several download from GitHub and fail
 * offline), then sqlite3 built, then verified. Staged in a side folder and renamed, so an
 * interrupted or broken install is never taken for a finished one.
 */
async function installFresh(n8nDir: string, node: NodeRuntime, n8nPackage: N8nPackage, context: InstallContext): Promise<void> {
	const staging = `${n8nDir}.staging`;
	fs.rmSync(staging, { recursive: true, force: true });
	makeNpmPrefix(staging);
	const started = Date.now();
	context.log(`Installing n8n@${n8nPackage.version} into ${n8nDir} (first run only; a few minutes) ...`);
	await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', n8nPackage.spec], {
		cwd: staging,
		env: npmEnvFor(node, context),
	});
	context.log(`n8n installed in ${seconds(started)} s`);
	await buildSqlite(staging, node, context);
	await assertWorks(staging, node, n8nPackage, context);
	writeReadyMarker(staging, node, n8nPackage);
	fs.rmSync(n8nDir, { recursive: true, force: true });
	fs.renameSync(staging, n8nDir);
}

/** A ready install that stopped working (e.g. sqlite3 never built): rebuild in place, reinstall if that is not enough. */
async function repair(n8nDir: string, node: NodeRuntime, n8nPackage: N8nPackage, context: InstallContext): Promise<void> {
	const installedAt = readJson<ReadyMarker>(path.join(n8nDir, READY_MARKER))?.installedAt;
	await buildSqlite(n8nDir, node, context);
	const problem = await findInstallProblem(n8nDir, node, n8nPackage.version, context.env ?? process.env);
	if (!problem) {
		writeReadyMarker(n8nDir, node, n8nPackage, installedAt);
		return;
	}
	context.log(`Rebuilding sqlite3 was not enough (${problem}); installing n8n again ...`);
	await installFresh(n8nDir, node, n8nPackage, context);
}

type CacheState = { kind: 'ready' } | { kind: 'absent' } | { kind: 'broken'; problem: string };

/** Marked ready for these versions and still working, or why not. */
async function inspectCache(n8nDir: string, node: NodeRuntime, n8nPackage: N8nPackage, env: NodeJS.ProcessEnv): Promise<CacheState> {
	if (!isMarkedReady(n8nDir, node, n8nPackage)) return { kind: 'absent' };
	const problem = await findInstallProblem(n8nDir, node, n8nPackage.version, env);
	return problem ? { kind: 'broken', problem } : { kind: 'ready' };
}

export async function ensureN8n(context: InstallContext & { node: NodeRuntime; n8nPackage?: N8nPackage }): Promise<N8nInstall> {
	const { node, cacheDir, log } = context;
	const n8nPackage = context.n8nPackage ?? { spec: `n8n@${n8nVersion}`, version: n8nVersion };
	const n8nDir = path.join(cacheDir, 'n8n');
	const result = { n8nDir, entry: n8nEntry(n8nDir) };
	const inspect = () => inspectCache(n8nDir, node, n8nPackage, context.env ?? process.env);
	if ((await inspect()).kind === 'ready') return result;
	fs.mkdirSync(cacheDir, { recursive: true });
	return withLock(path.join(cacheDir, '.install-lock'), log, async () => {
		// Another launcher may have installed or repaired it while this one waited for the lock.
		const state = await inspect();
		if (state.kind === 'broken') {
			log(`The n8n in ${n8nDir} is marked ready but does not work (${state.problem}); repairing it ...`);
			await repair(n8nDir, node, n8nPackage, context);
		} else if (state.kind === 'absent') {
			await installFresh(n8nDir, node, n8nPackage, context);
		}
		return result;
	});
}
