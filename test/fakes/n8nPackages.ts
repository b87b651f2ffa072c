/**
 * Tarballs of a stand-in `n8n` and `sqlite3`, for launcher tests that must not install the real
 * n8n (minutes). They keep what the launcher relies on from n8n 2.41.1 and sqlite3 5.1.7:
 * - n8n has `bin/n8n`, which answers `--version` with the package version, and depends on sqlite3;
 * - sqlite3's native binding is made by its `install` script (the real one runs
 *   `prebuild-install -r napi || node-gyp rebuild`); when install scripts are skipped there is no
 *   binding, and loading sqlite3 throws "Could not locate the bindings file" as the `bindings`
 *   package does. `FAKE_SQLITE3_BUILD=nothing` makes the install script succeed without building,
 *   like a build that silently produces nothing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FAKE_N8N_VERSION = '2.41.1-fake.0';

function writeFiles(root: string, files: Record<string, string>): void {
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		fs.writeFileSync(path.join(root, name), text);
	}
}

function tarball(dir: string, name: string, files: Record<string, string>): string {
	const root = path.join(dir, name);
	writeFiles(path.join(root, 'package'), files);
	const file = path.join(dir, `${name}.tgz`);
	execFileSync('tar', ['-czf', file, '-C', root, 'package']);
	return file;
}

const SQLITE3_FILES = {
	'package.json': JSON.stringify({ name: 'sqlite3', version: '5.1.7', main: 'lib/sqlite3.js', scripts: { install: 'node build.js' } }),
	'build.js': `
if (process.env.FAKE_SQLITE3_BUILD !== 'nothing') {
	require('node:fs').mkdirSync(__dirname + '/build/Release', { recursive: true });
	require('node:fs').writeFileSync(__dirname + '/build/Release/node_sqlite3.js', \`
class Database {
	get(sql, callback) { setImmediate(() => callback(null, { version: '3.45.0-fake' })); }
	close() {}
}
module.exports = { Database };
\`);
}`,
	'lib/sqlite3.js': `
const binding = require('node:path').join(__dirname, '..', 'build', 'Release', 'node_sqlite3.js');
if (!require('node:fs').existsSync(binding)) throw new Error('Could not locate the bindings file. Tried:\\n → ' + binding);
module.exports = require(binding);
`,
};

/** Builds both tarballs in `dir`; returns the n8n one, which points at the sqlite3 one. */
export function buildFakeN8nPackage(dir: string): string {
	const sqlite3 = tarball(dir, 'sqlite3', SQLITE3_FILES);
	return tarball(dir, 'n8n', {
		'package.json': JSON.stringify({ name: 'n8n', version: FAKE_N8N_VERSION, bin: { n8n: 'bin/n8n' }, dependencies: { sqlite3: `file:${sqlite3}` } }),
		'bin/n8n': `#!/usr/bin/env node\nif (process.argv.includes('--version')) console.log(require('../package.json').version);\n`,
	});
}
