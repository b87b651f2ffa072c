/**
 * The launcher end to end: the real n8n server that `npm start` runs, with this pack installed as a
 * community package and a test-only smoke workflow next to the shipped ones.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';
import { isWebhookRegistered } from '../../scripts/n8n/readiness';
import { readWorkflows } from '../../scripts/n8n/workflows';
import { E2E_SETUP_TIMEOUT_MS, startE2eServer, type E2eServer } from './n8nHarness';

const SMOKE = 'overlay/e2e-smoke';
const SECRET = 'sk-e2e-never-printed-5f0c';
const PACK_ROOT = PROJECT_ROOT;
const manifest = JSON.parse(fs.readFileSync(path.join(PACK_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const shippedWorkflowsDir = path.join(PROJECT_ROOT, 'workflows');

/** The type names n8n gives the pack's classes: "<package name>.<description.name>". */
function declaredTypes(files: string[], field: 'node' | 'credential'): string[] {
	return files.map((file) => {
		const className = path.basename(file).split('.')[0];
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- load the built class as n8n does
		const Class = require(path.join(PACK_ROOT, file))[className] as new () => { description?: { name: string }; name?: string };
		const instance = new Class();
		return field === 'node' ? `${manifest.name}.${instance.description!.name}` : instance.name!;
	});
}

let server: E2eServer | undefined;

beforeAll(async () => {
	server = await startE2eServer({
		workflowDirs: [shippedWorkflowsDir, path.join(__dirname, 'fixtures', 'workflows')],
		projectRoot: PACK_ROOT,
		vllmApiKey: SECRET,
		lmStudioApiToken: SECRET,
	});
}, E2E_SETUP_TIMEOUT_MS);

afterAll(async () => {
	await server?.close();
}, 60_000);

function running(): E2eServer {
	if (!server) throw new Error('the n8n server did not start (see beforeAll)');
	return server;
}

describe('n8n with the overlay pack (npm start launcher)', () => {
	test('the pack is installed like a community package under <user folder>/.n8n/nodes', () => {
		const installed = path.join(running().n8n.userFolder, '.n8n', 'nodes', 'node_modules', manifest.name);
		const installedManifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as typeof manifest;
		expect(installedManifest.version).toBe(manifest.version);
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			expect(fs.existsSync(path.join(installed, file))).toBe(true);
		}
	});

	test('n8n registered every node and credential type the pack declares, under the package name', () => {
		const expectedNodes = declaredTypes(manifest.n8n.nodes, 'node');
		expect(expectedNodes.length).toBeGreaterThan(0);
		const loadedNodes = running().loadedNodeTypes().map((type) => type.name);
		expect(loadedNodes).toEqual(expect.arrayContaining(expectedNodes));
		expect(running().loadedCredentialTypes()).toEqual(expect.arrayContaining(declaredTypes(manifest.n8n.credentials, 'credential')));
		expect(running().n8n.readLog()).not.toMatch(/Unrecognized node type|Class could not be found/);
	});

	test('every webhook of the shipped workflows is registered before the launcher returns', () => {
		const expected = readWorkflows(shippedWorkflowsDir).flatMap((workflow) => workflow.webhooks.map((hook) => hook.path));
		const registered = running().n8n.webhooks.map((hook) => hook.path);
		expect(registered).toEqual(expect.arrayContaining([...expected, SMOKE]));
		for (const hook of running().n8n.webhooks) expect(hook.url).toBe(`${running().baseUrl}/webhook/${hook.path}`);
	});

	test("n8n's CORS preflight tells a registered webhook (2xx) from an unknown one, as the readiness wait assumes", async () => {
		for (const hook of running().n8n.webhooks) expect(await isWebhookRegistered(running().baseUrl, hook.path, hook.method)).toBe(true);
		expect(await isWebhookRegistered(running().baseUrl, 'overlay/no-such-webhook', 'POST')).toBe(false);
	});

	test('a production webhook answers JSON', async () => {
		const answer = await running().post(SMOKE, { word: 'overlay' });
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/^application\/json/);
		expect(answer.json).toEqual({ echoed: 'overlay', summary: 'Echoed overlay' });
	}, 60_000);

	test('a body with the wrong types gets a JSON 400, not a hang or an HTML page', async () => {
		const answer = await running().post(SMOKE, { word: 42 }, 15_000);
		expect(answer.status).toBe(400);
		expect(answer.contentType).toMatch(/^application\/json/);
		expect(answer.json).toMatchObject({ error: 'word must be a string' });
	}, 60_000);

	test('a body that is not JSON gets a JSON 4xx at once', async () => {
		const answer = await running().post(SMOKE, '{"word": ', 15_000);
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		expect(answer.contentType).toMatch(/^application\/json/);
		expect(answer.json).toMatchObject({ message: expect.any(String) });
		expect(answer.ms).toBeLessThan(5_000);
	}, 60_000);

	test('secrets stay out of the launcher output and the n8n log', () => {
		expect(running().launcherLog.join('\n')).not.toContain(SECRET);
		expect(running().n8n.readLog()).not.toContain(SECRET);
	});

	// Two n8n CLI runs and an n8n restart: minutes on a loaded 2-core machine, as long as a start may take.
	test('a second start on the same user folder updates credentials and neither duplicates nor re-imports workflows', async () => {
		const before = (await running().n8n.cli('list:workflow')).trim().split('\n').filter((line) => line.includes('|')).sort();
		const messagesBefore = running().launcherLog.length;
		const again = await running().restart({ VLLM_BASE_URL: 'http://127.0.0.1:10' });
		const messages = running().launcherLog.slice(messagesBefore).join('\n');
		expect(messages).toContain('Saving credentials "vLLM account" (http://127.0.0.1:10)');
		expect(messages).not.toContain('Importing');
		const after = (await again.cli('list:workflow')).trim().split('\n').filter((line) => line.includes('|')).sort();
		expect(after).toEqual(before);
		expect(after.filter((line) => line.startsWith('overlayE2eSmoke1|'))).toHaveLength(1);
		expect((await running().post(SMOKE, { word: 'again' })).status).toBe(200);
	}, E2E_SETUP_TIMEOUT_MS);
});
