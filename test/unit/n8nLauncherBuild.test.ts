/**
 * `npm start` skips the build when dist/ is newer than everything the build reads. A stand-in
 * project with a build script that counts its runs; times are set explicitly, not slept for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILD_STAMP, buildIfStale, staleReason } from '../../scripts/n8n/build';

let project: string;
const file = (name: string) => path.join(project, name);
const builds = () => Number(fs.readFileSync(file('dist/builds'), 'utf8'));
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const BUILT_AT = new Date('2026-01-01T01:00:00Z');

/** Every file and folder as of LONG_AGO, the stamp as of BUILT_AT: an up-to-date build. */
function settle(dir = project): void {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) settle(full);
		fs.utimesSync(full, LONG_AGO, LONG_AGO);
	}
	fs.utimesSync(dir, LONG_AGO, LONG_AGO);
	if (dir === project) fs.utimesSync(file(BUILD_STAMP), BUILT_AT, BUILT_AT);
}

/** Settles, then makes `name` changed `offsetMs` after the build started. */
function touch(name: string, offsetMs = 60_000): void {
	settle();
	const when = new Date(BUILT_AT.getTime() + offsetMs);
	fs.utimesSync(file(name), when, when);
}

beforeAll(() => {
	project = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-build-'));
	const files: Record<string, string> = {
		'package.json': JSON.stringify({ name: 'stand-in', private: true, scripts: { build: 'node build.js' } }),
		'build.js': "const fs = require('node:fs'); fs.mkdirSync('dist', { recursive: true }); const f = 'dist/builds'; fs.writeFileSync(f, String((fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1));",
		'tsconfig.build.json': '{}',
		'gulpfile.js': '',
		'lib/index.ts': 'export {};',
		'nodes/Node/Node.node.ts': 'export {};',
		'nodes/Node/node.svg': '<svg/>',
		'nodes/Node/Node.node.json': '{}',
		'credentials/Api.credentials.ts': 'export {};',
		'README.md': '# stand-in',
		'test/a.test.ts': '',
	};
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(file(name)), { recursive: true });
		fs.writeFileSync(file(name), text);
	}
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test('a fresh clone (no stamp) is built, and a second start skips the build', async () => {
	expect(staleReason(project)).toBe('no build stamp');
	expect(await buildIfStale(project, () => undefined)).toBe(true);
	expect(builds()).toBe(1);
	expect(staleReason(project)).toBeUndefined();
	const messages: string[] = [];
	expect(await buildIfStale(project, (message) => messages.push(message))).toBe(false);
	expect(messages).toEqual(['dist/ is up to date; build skipped.']);
	expect(builds()).toBe(1);
}, 60_000);

test.each(['lib/index.ts', 'nodes/Node/node.svg', 'nodes/Node/Node.node.json', 'credentials/Api.credentials.ts', 'package.json', 'tsconfig.build.json', 'gulpfile.js'])(
	'%s changed since the build: rebuild',
	async (name) => {
		touch(name);
		expect(staleReason(project)).toBe(`${name} changed`);
		await buildIfStale(project, () => undefined);
		expect(staleReason(project)).toBeUndefined();
	},
	60_000,
);

test('a deleted source counts (its folder changed); files the build does not read do not', async () => {
	touch('README.md');
	expect(staleReason(project)).toBeUndefined();
	touch('test/a.test.ts');
	expect(staleReason(project)).toBeUndefined();
	fs.rmSync(file('nodes/Node/Node.node.json'));
	expect(staleReason(project)).toBe('nodes/Node changed');
}, 60_000);

test('a source saved while the build ran is newer than the stamp (the build start), so the next start builds again', async () => {
	await buildIfStale(project, () => undefined);
	touch('lib/index.ts', 1);
	expect(staleReason(project)).toBe('lib/index.ts changed');
	fs.rmSync(file(BUILD_STAMP));
	expect(staleReason(project)).toBe('no build stamp');
}, 60_000);
