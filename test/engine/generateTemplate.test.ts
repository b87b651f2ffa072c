/**
 * The one template both Generate nodes follow: the same resources, parameter and option names for the
 * same things, the same output names, options read per item where an expression makes them differ,
 * the prompt-from-field fast path, and the same item pairing on failure. Each scenario runs against
 * both nodes inside the real n8n engine, each against its fake server.
 */
import type { IDataObject, INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';
import { forgetLmStudioApis } from '../../lib/clients/lmstudio';
import { LmStudioGenerate } from '../../nodes/LmStudioGenerate/LmStudioGenerate.node';
import { VllmGenerate } from '../../nodes/VllmGenerate/VllmGenerate.node';
import { startLmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake } from '../fakes/vllmServer';
import { runNode, type RunResult } from './harness';

interface Server {
	credential: IDataObject;
	/** Chat request bodies the server received, in arrival order. */
	chatBodies(): Array<Record<string, any>>;
	close(): Promise<void>;
}

interface Subject {
	name: string;
	node: INodeType;
	credentialType: string;
	model: string;
	start(): Promise<Server>;
}

const subjects: Subject[] = [
	{
		name: 'vLLM Generate',
		node: new VllmGenerate(),
		credentialType: 'vllmApi',
		model: 'Qwen/Qwen3-8B',
		async start() {
			const fake = await startVllmFake({ latencyMs: [1, 15] });
			return {
				credential: { baseUrl: fake.url, apiKey: '', allowedAdapterPaths: '' },
				chatBodies: () => fake.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as Record<string, any>),
				close: () => fake.close(),
			};
		},
	},
	{
		name: 'LM Studio Generate',
		node: new LmStudioGenerate(),
		credentialType: 'lmStudioApi',
		model: 'openai/gpt-oss-20b',
		async start() {
			const fake = await startLmStudioFake({ version: '0.4.8', latencyMs: (request) => (request.path.includes('chat') ? 1 + Math.floor(Math.random() * 15) : 0) });
			return {
				credential: { baseUrl: fake.url, apiToken: '' },
				chatBodies: () => fake.requests.filter((request) => request.path === '/api/v0/chat/completions').map((request) => request.body as Record<string, any>),
				close: async () => {
					forgetLmStudioApis();
					await fake.close();
				},
			};
		},
	},
];

const [vllm, lmStudio] = subjects.map((subject) => subject.node.description.properties);

function generateProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.filter((property) => property.displayOptions?.show?.operation?.includes('generate'));
}

function optionsOf(properties: INodeProperties[], operation: string): INodeProperties[] {
	const collection = properties.find((property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes(operation));
	return (collection?.options ?? []) as INodeProperties[];
}

const SHARED_OPTIONS = [
	'concurrency',
	'contextDocuments',
	'contextTemplate',
	'frequencyPenalty',
	'includeRaw',
	'jsonSchema',
	'maxTokens',
	'messages',
	'minP',
	'presencePenalty',
	'reasoningEffort',
	'repetitionPenalty',
	'retries',
	'seed',
	'stop',
	'systemPrompt',
	'temperature',
	'timeoutSeconds',
	'topK',
	'topP',
];

describe('one template for both Generate nodes: descriptions', () => {
	it('both have the resources text and model, and Generate and List under the same names', () => {
		for (const properties of [vllm, lmStudio]) {
			const resource = properties.find((property) => property.name === 'resource');
			expect(resource?.default).toBe('text');
			const operations = properties.filter((property) => property.name === 'operation');
			const byResource = Object.fromEntries(operations.map((operation) => [operation.displayOptions?.show?.resource?.[0], operation.options?.map((option) => (option as { value: string }).value)]));
			expect(byResource.text).toEqual(['generate']);
			expect(byResource.model).toEqual(expect.arrayContaining(['list']));
		}
	});

	it('Generate shows the same top-level parameters for the same things', () => {
		const names = (properties: INodeProperties[]) => generateProperties(properties).map((property) => property.name);
		const shared = ['model', 'promptSource', 'prompt', 'promptField', 'messagesField', 'options'];
		expect(names(vllm)).toEqual(expect.arrayContaining(shared));
		expect(names(lmStudio)).toEqual(expect.arrayContaining(shared));
		for (const name of shared) {
			const [a, b] = [vllm, lmStudio].map((properties) => generateProperties(properties).find((property) => property.name === name));
			expect({ name, type: a?.type, modes: a?.modes?.map((mode) => mode.name) }).toEqual({ name, type: b?.type, modes: b?.modes?.map((mode) => mode.name) });
		}
	});

	it('Generate options share name, label, type and default for every shared concept', () => {
		const [a, b] = [vllm, lmStudio].map((properties) => optionsOf(properties, 'generate'));
		expect(a.map((option) => option.name)).toEqual(expect.arrayContaining(SHARED_OPTIONS));
		expect(b.map((option) => option.name)).toEqual(expect.arrayContaining(SHARED_OPTIONS));
		for (const name of SHARED_OPTIONS) {
			const pick = (options: INodeProperties[]) => {
				const option = options.find((candidate) => candidate.name === name)!;
				return { name, displayName: option.displayName, type: option.type, default: name === 'concurrency' ? 'per server' : option.default };
			};
			expect(pick(a)).toEqual(pick(b));
		}
	});

	it('every operation of both nodes has Options with the same timeout and retries', () => {
		for (const properties of [vllm, lmStudio]) {
			const operations = properties.filter((property) => property.name === 'operation').flatMap((property) => property.options!.map((option) => (option as { value: string }).value));
			for (const operation of operations) {
				expect({ operation, options: optionsOf(properties, operation).map((option) => option.name) }).toEqual({ operation, options: expect.arrayContaining(['timeoutSeconds', 'retries']) });
			}
		}
	});

	it('both are usable as tools', () => {
		for (const subject of subjects) expect(subject.node.description.usableAsTool).toBe(true);
	});
});

describe.each(subjects)('$name follows the template', (subject) => {
	let server: Server;
	beforeEach(async () => {
		server = await subject.start();
	});
	afterEach(async () => {
		await server.close();
	});

	const run = (parameters: INodeParameters, items: IDataObject[], extra: { continueOnFail?: boolean; onError?: 'continueErrorOutput' } = {}): Promise<RunResult> =>
		runNode(subject.node, { resource: 'text', operation: 'generate', model: { __rl: true, mode: 'id', value: subject.model }, ...parameters }, {
			items,
			credentials: { [subject.credentialType]: server.credential as never },
			credentialTypes: [subject.credentialType],
			...extra,
		});
	const bodyFor = (prompt: string) => server.chatBodies().find((body) => body.messages.at(-1).content === prompt);

	it('reads each option per item when an expression makes it differ', async () => {
		const items = [0, 1, 2, 3].map((n) => ({ q: `question ${n}`, t: n / 10, max: 10 + n, system: `Rule ${n}`, doc: `Fact ${n}` }));
		const result = await run(
			{
				prompt: '={{ $json.q }}',
				options: { temperature: '={{ $json.t }}', maxTokens: '={{ $json.max }}', systemPrompt: '={{ $json.system }}', contextDocuments: '={{ [$json.doc] }}', topP: 0.5, concurrency: 4 },
			},
			items,
		);
		expect(result.error).toBeUndefined();
		for (const [n, item] of items.entries()) {
			const body = bodyFor(item.q);
			expect(body).toMatchObject({ temperature: item.t, max_tokens: item.max, top_p: 0.5 });
			expect(body?.messages[0].content).toMatch(new RegExp(`^Rule ${n}\\n\\n[\\s\\S]*\\[1\\] Fact ${n}$`));
			expect(result.last.json[n].text).toContain(item.q);
		}
		expect(result.last.pairedItems).toEqual([0, 1, 2, 3]);
	});

	it('takes the prompt from an input field, nested fields and conversations included, without an expression', async () => {
		const items = [
			{ prompt: 'plain field' },
			{ prompt: 'ignored', chat: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'from a conversation' }] },
			{ prompt: 42 },
		];
		const result = await run({ promptSource: 'field', promptField: 'prompt', messagesField: 'chat', options: { concurrency: 3 } }, items);
		expect(result.error).toBeUndefined();
		expect(result.last.json.map((json) => json.text)).toEqual([expect.stringContaining('plain field'), expect.stringContaining('from a conversation'), expect.stringContaining('42')]);
		expect(bodyFor('from a conversation')?.messages).toEqual(items[1].chat);

		const nested = await run({ promptSource: 'field', promptField: 'body.prompt' }, [{ body: { prompt: 'deep' } }]);
		expect(nested.last.json[0].text).toContain('deep');
	});

	it('prompt from a field: an item without it is that item\'s error, paired, with the fix', async () => {
		const items = [{ prompt: 'fine' }, { other: 'no prompt here' }, { prompt: { nested: true } }, { prompt: 'also fine' }];
		const result = await run({ promptSource: 'field', promptField: 'prompt', options: { concurrency: 2 } }, items, { continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.last.pairedItems).toEqual([0, 1, 2, 3]);
		expect(result.last.json[0].text).toContain('fine');
		expect(result.last.json[1]).toEqual({ error: 'Item 1: There is no text in the input field "prompt".', hint: expect.stringContaining('Prompt Field') });
		expect(result.last.json[2].error).toBe('Item 2: The input field "prompt" holds an object, not text.');
		expect(result.last.json[3].text).toContain('also fine');
		expect(server.chatBodies()).toHaveLength(2);
	});

	it('On Error "Continue (using error output)": failed items go to the error output, paired, with the fix', async () => {
		const items = [{ q: 'good' }, { q: 'bad', schema: '{not json' }, { q: 'good too' }];
		const result = await run({ prompt: '={{ $json.q }}', options: { jsonSchema: '={{ $json.schema ?? "" }}' } }, items, { onError: 'continueErrorOutput' });
		expect(result.status).toBe('success');
		const [success, failure] = result.run.data.resultData.runData[subject.node.description.displayName][0].data!.main;
		expect(success!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failure!.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(failure![0].json.error).toMatch(/^Item 1: JSON Schema \(Structured Output\) is not valid JSON/);
		expect(failure![0].error?.description).toContain('Fix the JSON');
	});

	it('returns structured output under the same name', async () => {
		const schema = { type: 'object', properties: { answer: { type: 'string' } } };
		const result = await run({ prompt: 'x', options: { jsonSchema: JSON.stringify(schema) } }, [{}]);
		expect(result.last.json[0].structuredOutput).toEqual(expect.any(Object));
		expect(Object.keys(result.last.json[0].structuredOutput as object)).toEqual(['answer']);
	});
});
