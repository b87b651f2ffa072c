import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKnownTypes, type KnownTypes } from '../../scripts/n8n/known-types';
import { CREDENTIALS, PROJECT_ROOT } from '../../scripts/n8n/settings';
import { validateWorkflowDir } from '../../scripts/n8n/validate-workflows';

const cacheDir = path.join(PROJECT_ROOT, '.n8n-local');
const known = loadKnownTypes({ projectRoot: PROJECT_ROOT, cacheDir });

function webhookNode(name: string, hookPath: string) {
	return {
		id: `${name}-id`,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'responseNode', options: {} },
	};
}

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function writeWorkflows(workflows: object[]): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-wf-'));
	scratchDirs.push(dir);
	workflows.forEach((workflow, index) => fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)));
	return dir;
}

/** The real base nodes plus one pack node that takes vLLM credentials, whatever the pack holds today. */
function withPackNode(types: KnownTypes): KnownTypes {
	const nodes = new Map(types.nodes);
	nodes.set(`${types.packageName}.testGenerate`, { versions: new Set([1]), credentials: new Set(['vllmApi']) });
	return { ...types, nodes, credentialTypes: new Set([...types.credentialTypes, 'vllmApi', 'lmStudioApi']) };
}

describe('example workflows (workflows/*.json)', () => {
	test('every shipped workflow uses known node types, valid typeVersions, the fixed credentials and unique webhook paths', () => {
		const results = validateWorkflowDir(path.join(PROJECT_ROOT, 'workflows'), known);
		const failures = results.filter((result) => result.problems.length > 0);
		expect(failures).toEqual([]);
	});

	test('base node types come from real n8n data', () => {
		expect(known.nodes.get('n8n-nodes-base.webhook')?.versions.has(2)).toBe(true);
		expect(known.nodes.get('n8n-nodes-base.respondToWebhook')?.versions.has(1.5)).toBe(true);
		expect(known.nodes.has('n8n-nodes-base.noSuchNode')).toBe(false);
	});

	test('every node the pack declares is known under its package name', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		const packTypes = [...known.nodes.keys()].filter((type) => type.startsWith(`${known.packageName}.`));
		expect(packTypes).toHaveLength(manifest.n8n.nodes.length);
	});
});

describe('workflow validator', () => {
	test('an empty folder has nothing to report', () => {
		expect(validateWorkflowDir(writeWorkflows([]), known)).toEqual([]);
	});

	test('reports each kind of breakage in a deliberately broken export', () => {
		const broken = {
			id: 'brokenWorkflow01',
			name: 'broken',
			nodes: [
				webhookNode('Webhook', 'overlay/same'),
				{ id: 'a', name: 'Mystery', type: 'n8n-nodes-base.noSuchNode', typeVersion: 1, position: [200, 0], parameters: {} },
				{ id: 'b', name: 'Old Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 9, position: [400, 0], parameters: {} },
				{
					id: 'c',
					name: 'Generate',
					type: `${known.packageName}.testGenerate`,
					typeVersion: 1,
					position: [600, 0],
					parameters: {},
					credentials: { vllmApi: { id: 'REPLACE', name: 'vLLM local' }, lmStudioApi: { id: CREDENTIALS.lmStudio.id, name: CREDENTIALS.lmStudio.name } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Gone', type: 'main', index: 0 }]] } },
		};
		const sibling = { id: 'brokenWorkflow01', name: 'sibling', nodes: [webhookNode('Hook', 'overlay/same')], connections: {} };
		const [first, second] = validateWorkflowDir(writeWorkflows([broken, sibling]), withPackNode(known));
		expect(first.problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('unknown node type "n8n-nodes-base.noSuchNode"'),
				expect.stringContaining('typeVersion 9 is not one of'),
				expect.stringContaining(`vllmApi must reference { "id": "${CREDENTIALS.vllm.id}", "name": "vLLM account" }`),
				expect.stringContaining('does not use credentials of type "lmStudioApi"'),
				expect.stringContaining('connection Webhook -> unknown node "Gone"'),
			]),
		);
		expect(first.problems).toHaveLength(5);
		expect(second.problems).toEqual([
			'id "brokenWorkflow01" is also used by 0.json',
			'webhook POST overlay/same is also used by 0.json (Webhook)',
		]);
	});

	test('a file that is not JSON is reported, not thrown', () => {
		const dir = writeWorkflows([]);
		fs.writeFileSync(path.join(dir, 'bad.json'), '{ "id": ');
		expect(validateWorkflowDir(dir, known)[0].problems[0]).toMatch(/^not valid JSON/);
	});

	test('a correct workflow with the fixed credentials passes', () => {
		const good = {
			id: 'goodWorkflow0001',
			name: 'good',
			nodes: [
				webhookNode('Webhook', 'overlay/good'),
				{
					id: 'c',
					name: 'Generate',
					type: `${known.packageName}.testGenerate`,
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
					credentials: { vllmApi: { id: CREDENTIALS.vllm.id, name: CREDENTIALS.vllm.name } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Generate', type: 'main', index: 0 }]] } },
		};
		expect(validateWorkflowDir(writeWorkflows([good]), withPackNode(known))).toEqual([{ file: '0.json', problems: [] }]);
	});
});
