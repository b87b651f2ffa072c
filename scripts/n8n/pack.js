'use strict';
/**
 * Installs this node pack the way n8n installs a community package: `npm pack`, then
 * `npm install <tgz>` into `<user folder>/.n8n/nodes`, so node types read `n8n-nodes-overlay-agi.*`.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./process-utils');
const { readJson } = require('./install');

const MARKER = '.overlay-pack.json';

function sha256(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function assertBuilt(projectRoot) {
	const manifest = readJson(path.join(projectRoot, 'package.json'));
	const files = [...(manifest?.n8n?.nodes ?? []), ...(manifest?.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !fs.existsSync(path.join(projectRoot, file)));
	if (!fs.existsSync(path.join(projectRoot, 'dist')) || missing.length > 0) {
		throw new Error(`The pack is not built (missing: ${missing.join(', ') || 'dist/'}). Run \`npm run build\` first.`);
	}
	return manifest;
}

/** Packs the project and (re)installs it when the tarball changed; returns the package name and where it landed. */
async function installPack({ projectRoot, cacheDir, userFolder, npmEnv, log }) {
	const manifest = assertBuilt(projectRoot);
	const packDir = path.join(cacheDir, 'pack');
	fs.mkdirSync(packDir, { recursive: true });
	const stdout = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], { cwd: projectRoot, env: npmEnv });
	const tgz = path.join(packDir, stdout.trim().split('\n').pop());
	const digest = sha256(tgz);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installedDir = path.join(nodesDir, 'node_modules', manifest.name);
	if (readJson(path.join(nodesDir, MARKER))?.sha256 === digest && fs.existsSync(installedDir)) {
		return { name: manifest.name, installedDir, changed: false };
	}
	log(`Installing ${path.basename(tgz)} into ${nodesDir} ...`);
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) fs.writeFileSync(path.join(nodesDir, 'package.json'), '{"private":true}\n');
	await run('npm', ['install', '--prefix', nodesDir, '--no-audit', '--no-fund', '--ignore-scripts', '--omit=peer', '--omit=dev', '--loglevel=error', tgz], {
		env: npmEnv,
	});
	fs.writeFileSync(path.join(nodesDir, MARKER), `${JSON.stringify({ tgz: path.basename(tgz), sha256: digest }, null, '\t')}\n`);
	return { name: manifest.name, installedDir, changed: true };
}

module.exports = { installPack, assertBuilt };
