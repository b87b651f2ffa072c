/**
 * The package as n8n loads it: every node and credential listed under `n8n` exists in dist/,
 * exports the class n8n looks for (the file name before the first dot), and ships its icon and
 * codex file. Needs `npm run build` first (`npm test` does it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

type Icon = string | { light: string; dark: string };
type Described = { description: { name: string; displayName: string; icon?: Icon; usableAsTool?: unknown; version: number | number[]; properties: unknown[]; documentationUrl?: string }; test?: unknown; name?: string; displayName?: string; icon?: Icon; authenticate?: unknown };

function load(distPath: string): Described {
	const file = join(root, distPath);
	const className = basename(distPath).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(file) as Record<string, new () => Described>;
	expect(typeof module[className]).toBe('function');
	return new module[className]();
}

/** The icon files a node or credential names: one, or a light and a dark variant for n8n's themes. */
function iconFiles(distPath: string, icon: Icon | undefined): string[] {
	expect(icon).toBeDefined();
	const names = typeof icon === 'string' ? [icon] : [icon!.light, icon!.dark];
	return names.map((name) => {
		expect(name).toMatch(/^file:.+\.svg$/);
		return resolve(dirname(join(root, distPath)), name.slice('file:'.length));
	});
}

const shipsIcons = (distPath: string, icon: Icon | undefined) => iconFiles(distPath, icon).every((file) => existsSync(file));

test('the package is a discoverable n8n community package', () => {
	expect(pkg.name).toMatch(/^n8n-nodes-/);
	expect(pkg.keywords).toContain('n8n-community-node-package');
	// The AI node SDK comes from the n8n that loads the pack (its README; n8n.aiNodeSdkVersion must match).
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*', '@n8n/ai-node-sdk': '*' });
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	expect(pkg.n8n.aiNodeSdkVersion).toBe(1);
	expect(pkg.devDependencies['@n8n/ai-node-sdk']).toMatch(/^0\.31\.\d+$/);
	expect(pkg.files).toEqual(['dist', '!dist/.build-stamp']);
	expect(pkg.n8n.nodes.sort()).toEqual(
		[
			'dist/nodes/DetectGpu/DetectGpu.node.js',
			'dist/nodes/LmChatLmStudio/LmChatLmStudio.node.js',
			'dist/nodes/LmChatVllm/LmChatVllm.node.js',
			'dist/nodes/LmStudioGenerate/LmStudioGenerate.node.js',
			'dist/nodes/PickQuantFormat/PickQuantFormat.node.js',
			'dist/nodes/VllmGenerate/VllmGenerate.node.js',
			'dist/nodes/WebhookRequest/WebhookRequest.node.js',
		].sort(),
	);
	expect(pkg.n8n.credentials.sort()).toEqual(['dist/credentials/HuggingFaceHubApi.credentials.js', 'dist/credentials/LmStudioApi.credentials.js', 'dist/credentials/VllmApi.credentials.js']);
});

describe.each(pkg.n8n.nodes as string[])('%s', (distPath) => {
	test('loads, is usable as a tool unless it is a sub-node, and ships its icon and codex', () => {
		const node = load(distPath);
		const { description } = node;
		const isSubNode = (description as { outputs?: unknown }).outputs?.toString() === 'ai_languageModel';
		expect(Boolean(description.usableAsTool)).toBe(!isSubNode);
		expect(shipsIcons(distPath, description.icon)).toBe(true);
		const codexPath = join(root, distPath.replace(/\.js$/, '.json'));
		const codex = JSON.parse(readFileSync(codexPath, 'utf8'));
		expect(codex.node).toBe(`n8n-nodes-overlay-agi.${description.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/#[a-z-]+$/);
	});
});

describe.each(pkg.n8n.credentials as string[])('%s', (distPath) => {
	test('loads, has a connection test and an icon', () => {
		const credential = load(distPath);
		expect(credential.test).toBeDefined();
		expect(shipsIcons(distPath, credential.icon)).toBe(true);
	});
});

test('the library entry exposes the documented API without n8n', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const library = require(join(root, pkg.main));
	for (const name of [
		'parseNvidiaSmi',
		'parseRocmSmi',
		'parseDcgmMetrics',
		'detectGpus',
		'resolveGpu',
		'gpuFromCatalog',
		'estimateMemory',
		'pickQuantFormat',
		'inspectGguf',
		'VllmClient',
		'LmStudioClient',
		'readBody',
		'failureAnswer',
		'formatSupport',
		'compareCheckpoints',
	]) {
		expect(typeof library[name]).toBe('function');
	}
});
