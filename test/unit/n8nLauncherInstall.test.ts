/**
 * The launcher's n8n install against a stand-in n8n and sqlite3 (test/fakes/n8nPackages.ts) with
 * real npm: it builds sqlite3 even when started by `npm start` in this project (whose .npmrc says
 * ignore-scripts=true), refuses to mark an install ready that does not work, and repairs a cache
 * marked ready whose sqlite3 binding is missing (what the launcher before this check left behind).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureN8n, type NodeRuntime } from '../../scripts/n8n/install';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';
import { buildFakeN8nPackage, FAKE_N8N_VERSION } from '../fakes/n8nPackages';

const NPM_TIMEOUT_MS = 120_000;
const node: NodeRuntime = { nodeBin: process.execPath, nodeDir: path.resolve(path.dirname(process.execPath), '..'), version: process.versions.node };
/** What `npm start` in this project exports to the launcher, .npmrc included. */
const underNpmStart = { ...process.env, npm_config_ignore_scripts: 'true', npm_config_local_prefix: PROJECT_ROOT, npm_lifecycle_event: 'start', npm_command: 'run-script' };

let scratch: string;
let n8nTarball: string;
beforeAll(() => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-install-'));
	n8nTarball = buildFakeN8nPackage(scratch);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function install(cacheDir: string, env: NodeJS.ProcessEnv = underNpmStart) {
	const messages: string[] = [];
	const done = ensureN8n({ cacheDir, node, env, log: (message) => messages.push(message), n8nPackage: { spec: n8nTarball, version: FAKE_N8N_VERSION } });
	return { done, messages };
}

const binding = (cacheDir: string) => path.join(cacheDir, 'n8n', 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.js');
const marker = (cacheDir: string) => path.join(cacheDir, 'n8n', '.overlay-ready.json');

test(
	'under `npm start` of this project (ignore-scripts=true) sqlite3 is still built, and the install is marked ready once it works',
	async () => {
		const cacheDir = path.join(scratch, 'ok');
		const { done, messages } = install(cacheDir);
		await expect(done).resolves.toEqual({ n8nDir: path.join(cacheDir, 'n8n'), entry: path.join(cacheDir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n') });
		expect(fs.existsSync(binding(cacheDir))).toBe(true);
		expect(JSON.parse(fs.readFileSync(marker(cacheDir), 'utf8'))).toMatchObject({ n8nVersion: FAKE_N8N_VERSION, nodeVersion: node.version, verifiedAt: expect.any(String) });
		expect(messages.join('\n')).not.toMatch(/marked ready/);
	},
	NPM_TIMEOUT_MS,
);

test(
	'an install whose sqlite3 binding was not built is refused: nothing is marked ready',
	async () => {
		const cacheDir = path.join(scratch, 'broken');
		const { done } = install(cacheDir, { ...underNpmStart, FAKE_SQLITE3_BUILD: 'nothing' });
		await expect(done).rejects.toThrow(/does not work, so it is not marked ready: sqlite3 does not load in Node [\d.]+: Could not locate the bindings file/);
		expect(fs.existsSync(path.join(cacheDir, 'n8n'))).toBe(false);
		expect(fs.readdirSync(cacheDir).filter((name) => name.endsWith('.json'))).toEqual([]);
	},
	NPM_TIMEOUT_MS,
);

test(
	'a cache marked ready whose sqlite3 binding is missing is repaired at the next start, with one message',
	async () => {
		const cacheDir = path.join(scratch, 'repair');
		await install(cacheDir).done;
		// What the launcher before this check left: the marker, and sqlite3 never built.
		fs.rmSync(path.join(cacheDir, 'n8n', 'node_modules', 'sqlite3', 'build'), { recursive: true });
		fs.writeFileSync(marker(cacheDir), JSON.stringify({ n8nVersion: FAKE_N8N_VERSION, nodeVersion: node.version, installedAt: '2026-11-30T00:00:00.000Z' }));

		const { done, messages } = install(cacheDir);
		await done;
		const notices = messages.filter((message) => /marked ready/.test(message));
		expect(notices).toEqual([expect.stringMatching(/^The n8n in .* is marked ready but does not work \(sqlite3 does not load in Node [\d.]+: Could not locate the bindings file[^\n]*\); repairing it \.\.\.$/)]);
		expect(fs.existsSync(binding(cacheDir))).toBe(true);
		expect(JSON.parse(fs.readFileSync(marker(cacheDir), 'utf8'))).toMatchObject({ installedAt: '2026-11-30T00:00:00.000Z', verifiedAt: expect.any(String) });

		const again = install(cacheDir);
		await again.done;
		expect(again.messages).toEqual([]);
	},
	NPM_TIMEOUT_MS,
);
