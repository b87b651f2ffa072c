'use strict';
const { execFile, spawn } = require('node:child_process');

/** Environment for child npm calls: drops the lifecycle variables an outer `npm start` sets. */
function cleanNpmEnv(env) {
	const out = {};
	for (const [key, value] of Object.entries(env)) {
		if (/^npm_(lifecycle|package)_/.test(key) || key === 'npm_config_local_prefix' || key === 'INIT_CWD') continue;
		out[key] = value;
	}
	return out;
}

/** Runs a command with a fixed argument array; resolves with stdout, rejects with the output tail. */
function run(file, args, options = {}) {
	return new Promise((resolve, reject) => {
		execFile(file, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
			if (error) {
				const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
				reject(new Error(`${[file, ...args].join(' ')} failed (${error.code ?? error.signal}):\n${tail}`));
				return;
			}
			resolve(stdout);
		});
	});
}

/** Like `run` but streams the child's output through `onLine` (install progress). */
function runStreaming(file, args, options, onLine) {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		const tail = [];
		const take = (chunk) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				tail.push(line);
				if (tail.length > 25) tail.shift();
				onLine?.(line);
			}
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${[file, ...args].join(' ')} failed (${code ?? signal}):\n${tail.join('\n')}`));
		});
	});
}

module.exports = { cleanNpmEnv, run, runStreaming };
