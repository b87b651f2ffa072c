/**
 * Installs this node pack the way n8n installs a community package: `npm pack`, then
 * `npm install <tgz>` into `<user folder>/.n8n/nodes`, so node types read `n8n-nodes-overlay-agi.*`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from './install';
import { readJson, readPackManifest } from './manifest';
import { run } from './process-utils';

const MARKER = '.overlay-pack.json';

function sha256(file: string): string {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export interface InstalledPack {
	name: string;
	installedDir: string;
	changed: boolean;
}

/** Packs the project and (re)installs it when the tarball changed. `npmEnv`: see npm-env.ts. */
export async function installPack({ projectRoot, cacheDir, userFolder, npmEnv, log }: { projectRoot: string; cacheDir: string; userFolder: string; npmEnv: NodeJS.ProcessEnv; log: Log }): Promise<InstalledPack> {
	const manifest = readPackManifest(projectRoot, { built: true });
	const packDir = path.join(cacheDir, 'pack');
	fs.mkdirSync(packDir, { recursive: true });
	const stdout = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], { cwd: projectRoot, env: npmEnv });
	const tgz = path.join(packDir, stdout.trim().split('\n').pop() ?? '');
	const digest = sha256(tgz);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installedDir = path.join(nodesDir, 'node_modules', manifest.name);
	if (readJson<{ sha256?: string }>(path.join(nodesDir, MARKER))?.sha256 === digest && fs.existsSync(installedDir)) {
		return { name: manifest.name, installedDir, changed: false };
	}
	log(`Installing ${path.basename(tgz)} into ${nodesDir} ...`);
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) fs.writeFileSync(path.join(nodesDir, 'package.json'), '{"private":true}\n');
	await run('npm', ['install', '--prefix', nodesDir, '--no-audit', '--no-fund', '--ignore-scripts', '--omit=peer', '--omit=dev', '--loglevel=error', tgz], { cwd: nodesDir, env: npmEnv });
	fs.writeFileSync(path.join(nodesDir, MARKER), `${JSON.stringify({ tgz: path.basename(tgz), sha256: digest }, null, '\t')}\n`);
	return { name: manifest.name, installedDir, changed: true };
}
