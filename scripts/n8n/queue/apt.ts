/**
 * Finds a server binary, installing its Debian package when it is missing, the way .ci/run installs
 * what a machine lacks: `apt-get update` and `apt-get install` as root (no sudo: a launcher that is
 * not root says which command to run instead).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from '../install';
import { run } from '../process-utils';

/** The first existing file among `name` on PATH and the extra folders given. */
export function findBinary(name: string, extraDirs: readonly string[] = []): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
	for (const dir of dirs) {
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			// not here
		}
	}
	return undefined;
}

const APT_TIMEOUT_MS = 15 * 60 * 1000;

export async function aptInstall(packages: readonly string[], log: Log): Promise<void> {
	if (process.getuid?.() !== 0) {
		throw new Error(`Queue mode needs ${packages.join(', ')}. Install with: sudo apt-get install -y ${packages.join(' ')} (or give running servers, see README "Scaling out").`);
	}
	log(`Installing the Debian package(s) ${packages.join(', ')} (apt-get) ...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, timeoutMs: APT_TIMEOUT_MS });
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env, timeoutMs: APT_TIMEOUT_MS });
}

/** `name`'s path, installing Debian package `debianPackage` first when it is nowhere to be found. */
export async function ensureBinary(name: string, debianPackage: string, log: Log, extraDirs: readonly string[] = []): Promise<string> {
	const found = findBinary(name, extraDirs);
	if (found) return found;
	await aptInstall([debianPackage], log);
	const installed = findBinary(name, extraDirs);
	if (!installed) throw new Error(`apt-get installed ${debianPackage} but ${name} is still not found`);
	return installed;
}
