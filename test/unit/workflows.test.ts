import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKnownTypes, type KnownTypes } from '../../scripts/n8n/known-types';
import { CREDENTIALS, PROJECT_ROOT } from '../../scripts/n8n/settings';
import { validateWorkflowDir } from '../../scripts/n8n/validate-workflows';

const cacheDir = path.join(PROJECT_ROOT, '.n8n-local');
const WORKFLOWS_DIR = path.join(PROJECT_ROOT, 'workflows');
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
		const results = validateWorkflowDir(WORKFLOWS_DIR, known);
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

/**
 * What keeps an untrusted body away from code: n8n's task runner overflows its stack on a deeply
 * nested body and the execution hangs (issue 11). So the shipped workflows hold no node that runs
 * code, every Webhook feeds only a Webhook Request node that reads the body within limits, nothing
 * else reads the Webhook's output, and every error output ends in the one Explain Failure node.
 * A Chat Trigger's body is read by n8n itself, before any node could check it (workflows/README.md, 07).
 */
const CODE_NODE_TYPES = new Set(['n8n-nodes-base.code', 'n8n-nodes-base.function', 'n8n-nodes-base.functionItem', 'n8n-nodes-base.aiTransform', '@n8n/n8n-nodes-langchain.code']);
const REQUEST_NODE = `${known.packageName}.webhookRequest`;

interface WorkflowNode {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	onError?: string;
}
interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<string, { main?: Array<Array<{ node: string }> | null> }>;
}

function targets(workflow: Workflow, node: string, output: number): WorkflowNode[] {
	const names = (workflow.connections[node]?.main?.[output] ?? []).map((target) => target.node);
	return workflow.nodes.filter((candidate) => names.includes(candidate.name));
}

function bodySafetyProblems(workflow: Workflow): string[] {
	const problems: string[] = [];
	for (const node of workflow.nodes) {
		if (CODE_NODE_TYPES.has(node.type)) problems.push(`"${node.name}" is a node that runs code (${node.type})`);
	}
	const webhooks = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.webhook');
	for (const webhook of webhooks) {
		const next = targets(workflow, webhook.name, 0);
		if (next.length === 0) problems.push(`"${webhook.name}" is not connected to a Read Body node`);
		for (const node of next) {
			if (node.type !== REQUEST_NODE || node.parameters?.operation !== 'readBody') problems.push(`"${webhook.name}" passes the raw body to "${node.name}" (${node.type}), not to a Webhook Request node's Read Body`);
		}
		const quoted = webhook.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const reference = new RegExp(`\\$\\(\\s*['"\`]${quoted}['"\`]\\s*\\)|\\$node\\[\\s*['"]${quoted}['"]\\s*\\]|\\$node\\.${quoted}\\b`);
		for (const node of workflow.nodes) {
			if (reference.test(JSON.stringify(node.parameters ?? {}))) problems.push(`"${node.name}" reads the Webhook's output (the raw body) in an expression`);
		}
	}
	for (const node of workflow.nodes) {
		if (node.type === REQUEST_NODE && node.parameters?.operation === 'readBody' && !targets(workflow, node.name, 1).some((target) => target.type === 'n8n-nodes-base.respondToWebhook')) {
			problems.push(`"${node.name}" does not answer rejected bodies (its Rejected output goes to no Respond to Webhook)`);
		}
		if (node.onError === 'continueErrorOutput' && node.type !== REQUEST_NODE) {
			const errorOutput = 1;
			const explained = targets(workflow, node.name, errorOutput).every((target) => target.type === REQUEST_NODE && target.parameters?.operation === 'explainFailure');
			if (!explained || targets(workflow, node.name, errorOutput).length === 0) problems.push(`"${node.name}"'s error output does not go to an Explain Failure node`);
		}
	}
	return problems;
}

function readWorkflows(): Array<[string, Workflow]> {
	return fs
		.readdirSync(WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.map((file) => [file, JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as Workflow]);
}

describe('untrusted bodies in the shipped workflows', () => {
	test.each(readWorkflows())('%s: no code runs, the body is read only by Webhook Request, failures are explained by it', (_file, workflow) => {
		expect(bodySafetyProblems(workflow)).toEqual([]);
	});

	test('the check finds each way a body could reach code or go unanswered', () => {
		const [, shipped] = readWorkflows().find(([file]) => file.startsWith('05-'))!;
		const code = { name: 'Peek', type: 'n8n-nodes-base.code', parameters: { jsCode: "return [{ json: { p: $('Webhook').first().json.body } }];" } };
		const broken: Workflow = {
			nodes: [...shipped.nodes.map((node) => (node.name === 'Read request' ? { ...node, parameters: { ...node.parameters, operation: 'explainFailure' } } : node)), code],
			connections: {
				...shipped.connections,
				Webhook: { main: [[{ node: 'Read request' }, { node: 'Peek' }]] },
				'vLLM Generate with LoRA': { main: [[{ node: 'Build answer' }], [{ node: 'Respond with error' }]] },
			},
		};
		expect(bodySafetyProblems(broken)).toEqual([
			'"Peek" is a node that runs code (n8n-nodes-base.code)',
			'"Webhook" passes the raw body to "Read request" (n8n-nodes-overlay-agi.webhookRequest), not to a Webhook Request node\'s Read Body',
			'"Webhook" passes the raw body to "Peek" (n8n-nodes-base.code), not to a Webhook Request node\'s Read Body',
			'"Peek" reads the Webhook\'s output (the raw body) in an expression',
			'"vLLM Generate with LoRA"\'s error output does not go to an Explain Failure node',
		]);
		const unanswered = { ...shipped, connections: { ...shipped.connections, 'Read request': { main: [[{ node: 'vLLM: served models' }], []] } } };
		expect(bodySafetyProblems(unanswered)).toEqual(['"Read request" does not answer rejected bodies (its Rejected output goes to no Respond to Webhook)']);
	});
});
