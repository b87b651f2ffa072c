/**
 * Proves that an n8n install works before it is marked ready, and again at every start: the Node
 * that runs n8n loads sqlite3's native binding and runs a query, and n8n's CLI answers its
 * version. An install whose sqlite3 was never built (install scripts skipped) fails here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './process-utils';

export interface NodeRuntime {
	nodeBin: string;
	/** The folder with bin/ and include/node (headers for node-gyp). */
	nodeDir: string;
	version: string;
}

/** Run by the n8n Node with the n8n package.json as argument: sqlite3 as n8n resolves it, one query. */
const SQLITE_PROBE = `
const sqlite3 = require(require('node:module').createRequire(process.argv[1]).resolve('sqlite3'));
const db = new sqlite3.Database(':memory:');
db.get('select sqlite_version() as version', (error, row) => {
	if (error) throw error;
	console.log(row.version);
	db.close();
});`;

export function n8nEntry(n8nDir: string): string {
	return path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The thrown error's own line ("Error: Could not locate the bindings file..."), short enough for a one-line message. */
function firstProblemLine(error: Error): string {
	const lines = error.message.split('\n').map((line) => line.trim());
	const thrown = lines.find((line) => /^[A-Za-z]*Error: /.test(line))?.replace(/^Error: /, '');
	const line = thrown ?? lines.find((candidate) => /^\S/.test(candidate) && !candidate.startsWith('/')) ?? 'no output';
	return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Undefined when the install works, else what is wrong with it in one line. */
export async function findInstallProblem(n8nDir: string, node: NodeRuntime, expectedVersion: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
	const entry = n8nEntry(n8nDir);
	if (!fs.existsSync(entry)) return `${path.relative(n8nDir, entry)} is missing`;
	const probeEnv = { ...env };
	// Under NODE_ENV=test (jest sets it) n8n's CLI behaves differently.
	delete probeEnv.NODE_ENV;
	try {
		await run(node.nodeBin, ['-e', SQLITE_PROBE, path.join(n8nDir, 'node_modules', 'n8n', 'package.json')], { cwd: n8nDir, env: probeEnv, timeoutMs: 60_000 });
	} catch (error) {
		return `sqlite3 does not load in Node ${node.version}: ${firstProblemLine(error as Error)}`;
	}
	const scratchUserFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-n8n-version-'));
	try {
		const stdout = await run(node.nodeBin, [entry, '--version'], { cwd: n8nDir, env: { ...probeEnv, N8N_USER_FOLDER: scratchUserFolder }, timeoutMs: 120_000 });
		if (!stdout.includes(expectedVersion)) return `\`n8n --version\` answered "${stdout.trim().slice(0, 80)}", not ${expectedVersion}`;
	} catch (error) {
		return `\`n8n --version\` failed: ${firstProblemLine(error as Error)}`;
	} finally {
		fs.rmSync(scratchUserFolder, { recursive: true, force: true });
	}
	return undefined;
}
