/** Webhook Request inside the real n8n engine: Read Body's two outputs, its error handling, and Explain Failure behind other nodes' error outputs. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DetectGpu } from '../../nodes/DetectGpu/DetectGpu.node';
import { VllmGenerate } from '../../nodes/VllmGenerate/VllmGenerate.node';
import { WebhookRequest } from '../../nodes/WebhookRequest/WebhookRequest.node';
import { outputOf, runNode, runNodes, type RunResult } from './harness';

const VALID = 0;
const REJECTED = 1;
const NODE = 'Webhook Request';

const readBody = (parameters: INodeParameters = {}): INodeParameters => ({
	operation: 'readBody',
	bodySource: 'json',
	bodyField: 'body',
	fields: {
		values: [
			{ name: 'prompt', type: 'string', required: true },
			{ name: 'count', type: 'wholeNumber', defaultValue: '1', min: '1', max: '8' },
		],
	},
	hint: 'Send {"prompt": "Hello"}.',
	...parameters,
});

/** A webhook item as the Webhook node outputs it. */
const request = (body: unknown): IDataObject => ({ headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: body as IDataObject });
const deepBody = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

describe('Webhook Request: Read Body (engine)', () => {
	test('clean fields to Valid and 400 answers to Rejected, each paired to its request', async () => {
		const items = [request({ prompt: ' Hi ', count: '2', extra: true }), request({ prompt: 5 }), request(deepBody(100_000)), request({ prompt: 'again' })];
		const result = await runNode(new WebhookRequest(), readBody(), { items });
		expect(result.status).toBe('success');
		expect(outputOf(result, NODE, VALID)).toEqual({ json: [{ prompt: 'Hi', count: 2 }, { prompt: 'again', count: 1 }], pairedItems: [0, 3] });
		const rejected = outputOf(result, NODE, REJECTED);
		expect(rejected.pairedItems).toEqual([1, 2]);
		expect(rejected.json).toEqual([
			{ status: 400, error: 'Bad request: "prompt" must be a string.', hint: 'Send {"prompt": "Hello"}.', summary: 'The request was not run: "prompt" must be a string.' },
			{
				status: 400,
				error: 'Bad request: the body is nested deeper than 32 levels of objects and arrays.',
				hint: 'Send a flatter body (at most 32 levels). Send {"prompt": "Hello"}.',
				summary: 'The request was not run: the body is nested deeper than 32 levels of objects and arrays.',
			},
		]);
	});

	test('the limits are options; a body over the size limit is a 413', async () => {
		const items = [request({ prompt: 'x'.repeat(200) }), request({ prompt: { a: { b: 'deep' } } })];
		const result = await runNode(new WebhookRequest(), readBody({ options: { maxBytes: 100, maxDepth: 2 } }), { items });
		expect(outputOf(result, NODE, REJECTED).json.map((answer) => [answer.status, answer.error])).toEqual([
			[413, 'Request too large: the body is larger than 100 bytes.'],
			[400, 'Bad request: the body is nested deeper than 2 levels of objects and arrays.'],
		]);
	});

	test('the defaults in the node description are the library defaults', () => {
		const options = new WebhookRequest().description.properties.find((property) => property.name === 'options');
		const defaults = Object.fromEntries((options?.options ?? []).map((option) => [(option as { name: string }).name, (option as { default: unknown }).default]));
		expect(defaults).toMatchObject({ maxBytes: 1024 * 1024, maxDepth: 32 });
	});

	test('Raw Body: the binary property is read as JSON whatever the content type, with the exact byte size', async () => {
		const raw = (text: string) => ({ json: request({}), binary: { data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain' } } });
		const result = await runNodes({
			steps: [{ node: new WebhookRequest(), parameters: readBody({ bodySource: 'binary', binaryProperty: 'data', options: { maxBytes: 60, maxDepth: 4 } }) }],
			inputItems: [raw('{"prompt": "raw", "count": 3}'), raw('[[[[[]]]]]'), raw(`{"prompt": "${'é'.repeat(30)}"}`), raw('{"prompt": ')],
		});
		expect(outputOf(result, NODE, VALID).json).toEqual([{ prompt: 'raw', count: 3 }]);
		expect(outputOf(result, NODE, REJECTED).json.map((answer) => [answer.status, answer.error])).toEqual([
			[400, 'Bad request: the body is nested deeper than 4 levels of objects and arrays.'],
			// 44 characters, 74 bytes.
			[413, 'Request too large: the body is larger than 60 bytes.'],
			[400, expect.stringMatching(/^Bad request: the body is not valid JSON \(/)],
		]);
	});

	test('a missing binary property is a configuration error with the fix', async () => {
		const result = await runNode(new WebhookRequest(), readBody({ bodySource: 'binary', binaryProperty: 'data' }), { items: [request({ prompt: 'x' })] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('no binary property "data"');
		expect(result.error?.description).toContain('Raw Body');
	});

	describe('a field declaration that fails for one item (here through an expression)', () => {
		const parameters = readBody({ fields: { values: [{ name: '={{ $json.fieldName }}', type: 'string', required: true }] } });
		const items = [
			{ ...request({ prompt: 'ok' }), fieldName: 'prompt' },
			{ ...request({ prompt: 'ok' }), fieldName: '' },
			{ ...request({}), fieldName: 'prompt' },
		];

		test('stops the execution without Continue on Fail', async () => {
			const result = await runNode(new WebhookRequest(), parameters, { items });
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe('Item 1: A field in the Fields list has no name.');
		});

		test('with Continue on Fail, comes out paired on Valid while the others still come out', async () => {
			const result = await runNode(new WebhookRequest(), parameters, { items, continueOnFail: true });
			expect(outputOf(result, NODE, VALID)).toEqual({
				json: [{ prompt: 'ok' }, { error: 'Item 1: A field in the Fields list has no name.', hint: "Fix the field in the node's Fields list." }],
				pairedItems: [0, 1],
			});
			expect(outputOf(result, NODE, REJECTED).pairedItems).toEqual([2]);
		});

		test('with the error output, goes to the third output', async () => {
			const result = await runNode(new WebhookRequest(), parameters, { items, onError: 'continueErrorOutput' });
			expect(outputOf(result, NODE, VALID).pairedItems).toEqual([0]);
			expect(outputOf(result, NODE, REJECTED).pairedItems).toEqual([2]);
			const failed = outputOf(result, NODE, 2);
			expect(failed.pairedItems).toEqual([1]);
			expect(failed.json[0].error).toBe('Item 1: A field in the Fields list has no name.');
		});
	});
});

describe('Webhook Request: Explain Failure (engine)', () => {
	const explain = { name: 'Explain failure', node: new WebhookRequest(), parameters: { operation: 'explainFailure' } };

	async function explainAfter(step: Parameters<typeof runNodes>[0]['steps'][number], options: Partial<Parameters<typeof runNodes>[0]> = {}): Promise<RunResult> {
		const failing = { ...step, onError: 'continueErrorOutput' as const };
		return await runNodes({ ...options, steps: [failing, { ...explain, from: { node: failing.name ?? failing.node.description.displayName, output: 1 } }] });
	}

	test('a node that refused the input: 400, its message and fix, no server', async () => {
		const result = await explainAfter({ node: new DetectGpu(), parameters: { source: 'catalog', catalogGpu: '={{ $json.gpu }}', gpuCount: 1 } }, { items: [{ gpu: 'Voodoo 5' }] });
		const [answer] = outputOf(result, 'Explain failure', 0).json;
		expect(answer).toMatchObject({ status: 400, server: null, step: 'Detect GPU', hint: expect.stringContaining('catalog') });
		expect(answer.error).toContain('Voodoo 5');
		expect(answer.error).not.toMatch(/^Item 0/);
		expect(answer.summary).toBe(`Detect GPU refused the request: ${String(answer.error)}`);
		// The failed node's input (here the request fields) does not leak into the answer.
		expect(Object.keys(answer).sort()).toEqual(['error', 'hint', 'server', 'status', 'step', 'summary']);
	});

	test('a server that is away: 502 naming it, with its hint, each item paired', async () => {
		const result = await explainAfter(
			{ name: 'vLLM: served models', node: new VllmGenerate(), parameters: { resource: 'model', operation: 'list' }, credentials: ['vllmApi'] },
			{ items: [{ n: 1 }, { n: 2 }], credentials: { vllmApi: { baseUrl: 'http://127.0.0.1:9', apiKey: '', allowedAdapterPaths: '' } as never } },
		);
		const explained = outputOf(result, 'Explain failure', 0);
		expect(explained.pairedItems).toEqual([0, 1]);
		expect(explained.json[0]).toMatchObject({ status: 502, server: 'vLLM', step: 'vLLM: served models', hint: expect.stringContaining('vLLM') });
		expect(explained.json[0].summary).toMatch(/^vLLM could not answer: /);
	});

	test('an item without an n8n error (e.g. from Continue on Fail\'s regular output) is still answered', async () => {
		const result = await runNodes({ steps: [explain], items: [{ error: 'Item 0: boom', hint: 'try again' }, { error: 'bad gateway', httpCode: '502' }] });
		expect(outputOf(result, 'Explain failure', 0).json).toEqual([
			{ status: 500, error: 'boom', hint: 'try again', server: null, step: 'Start', summary: 'Start failed: boom' },
			{ status: 502, error: 'bad gateway', hint: null, server: null, step: 'Start', summary: 'Start could not answer: bad gateway' },
		]);
	});

	test('a failure known only by its message (the AI Agent\'s error output): the chosen answer and server, or 400 when the message matches the pattern', async () => {
		const items = [{ error: 'Item 0: Adapter path "/etc/evil" refused: it is outside the allowed folders.' }, { error: 'vLLM at http://x cannot let the model call tools.' }];
		const classify = { ...explain, parameters: { operation: 'explainFailure', messageOnlyKind: 'server', refusedInputPattern: 'Adapter path ".*" refused: ' } };
		const result = await runNodes({ steps: [classify], items });
		expect(outputOf(result, 'Explain failure', 0).json.map((answer) => [answer.status, answer.error])).toEqual([
			[400, 'Adapter path "/etc/evil" refused: it is outside the allowed folders.'],
			[502, 'vLLM at http://x cannot let the model call tools.'],
		]);
		const named = await runNodes({ steps: [{ ...classify, parameters: { ...classify.parameters, messageOnlyServer: 'vLLM' } }], items });
		expect(outputOf(named, 'Explain failure', 0).json.map((answer) => [answer.server, answer.summary])).toEqual([
			[null, 'Start refused the request: Adapter path "/etc/evil" refused: it is outside the allowed folders.'],
			['vLLM', 'vLLM could not answer: vLLM at http://x cannot let the model call tools.'],
		]);
		const unset = await runNodes({ steps: [explain], items });
		expect(outputOf(unset, 'Explain failure', 0).json.map((answer) => answer.status)).toEqual([500, 500]);
		const broken = await runNodes({ steps: [{ ...classify, parameters: { ...classify.parameters, refusedInputPattern: '(' } }], items });
		expect(broken.status).toBe('error');
		expect(broken.error?.message).toMatch(/is not a regular expression/);
	});
});
