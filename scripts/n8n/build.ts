/**
 * `npm start` builds the pack only when something the build reads has changed since the last build
 * the launcher ran. Its stamp (dist/.build-stamp, not packed) carries the time that build started;
 * a file or folder under lib/, nodes/ or credentials/ (sources, icons, codex JSON; a folder's time
 * changes when a file is added or deleted), package.json, package-lock.json, tsconfig*.json or
 * gulpfile.js at least as new as the stamp means a rebuild. No stamp (a fresh clone, or dist/ built
 * by hand) means a rebuild too.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from './install';

const INPUT_DIRS = ['lib', 'nodes', 'credentials'];
const INPUT_FILES = /^(package\.json|package-lock\.json|tsconfig.*\.json|gulpfile\.js)$/;
export const BUILD_STAMP = path.join('dist', '.build-stamp');

interface Newest {
	file: string;
	mtimeMs: number;
}

function newer(a: Newest | undefined, file: string): Newest {
	const mtimeMs = fs.statSync(file).mtimeMs;
	return a && a.mtimeMs >= mtimeMs ? a : { file, mtimeMs };
}

function newestUnder(dir: string, found: Newest | undefined): Newest | undefined {
	if (!fs.existsSync(dir)) return found;
	let newest = newer(found, dir);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		newest = entry.isDirectory() ? (newestUnder(full, newest) ?? newest) : newer(newest, full);
	}
	return newest;
}

/** The most recently changed build input. */
export function newestBuildInput(projectRoot: string): Newest | undefined {
	let newest: Newest | undefined;
	for (const name of fs.readdirSync(projectRoot).filter((file) => INPUT_FILES.test(file))) newest = newer(newest, path.join(projectRoot, name));
	for (const dir of INPUT_DIRS) newest = newestUnder(path.join(projectRoot, dir), newest);
	return newest;
}

/** Why dist/ must be built again, or undefined when it is up to date. */
export function staleReason(projectRoot: string): string | undefined {
	const stamp = path.join(projectRoot, BUILD_STAMP);
	if (!fs.existsSync(stamp)) return 'no build stamp';
	const newest = newestBuildInput(projectRoot);
	if (newest && newest.mtimeMs >= fs.statSync(stamp).mtimeMs) return `${path.relative(projectRoot, newest.file)} changed`;
	return undefined;
}

function runVisible(command: string, args: string[], cwd: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: 'inherit' });
		child.on('error', reject);
		child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`\`${command} ${args.join(' ')}\` failed (${code ?? signal}); see its output above.`))));
	});
}

/** Runs `npm run build` unless dist/ is up to date; resolves true when it built. */
export async function buildIfStale(projectRoot: string, log: Log): Promise<boolean> {
	const reason = staleReason(projectRoot);
	if (!reason) {
		log('dist/ is up to date; build skipped.');
		return false;
	}
	log(`Building the pack (${reason}) ...`);
	const started = new Date();
	await runVisible('npm', ['run', 'build'], projectRoot);
	const stamp = path.join(projectRoot, BUILD_STAMP);
	fs.writeFileSync(stamp, `${started.toISOString()}\n`);
	fs.utimesSync(stamp, started, started);
	return true;
}
