import type { INodeParameters } from 'n8n-workflow';
import { forgetLmStudioApis } from '../../lib/clients/lmstudio';
import { LmStudioGenerate } from '../../nodes/LmStudioGenerate/LmStudioGenerate.node';
import { startLmStudioFake, type LmStudioFake, type LmStudioFakeOptions } from '../fakes/lmStudioServer';
import { runNode } from './harness';
import { eventually } from '../eventually';

const node = new LmStudioGenerate();
let fake: LmStudioFake | undefined;

async function start(options: LmStudioFakeOptions = {}) {
	fake = await startLmStudioFake(options);
	return fake;
}

function run(parameters: INodeParameters, options: { items?: Array<Record<string, unknown>>; apiToken?: string; continueOnFail?: boolean; cancelAfterMs?: number } = {}) {
	return runNode(node, parameters, {
		items: options.items as never,
		credentials: { lmStudioApi: { baseUrl: fake!.url, apiToken: options.apiToken ?? '' } },
		credentialTypes: ['lmStudioApi'],
		continueOnFail: options.continueOnFail,
		cancelAfterMs: options.cancelAfterMs,
	});
}

const byKey = (value: string) => ({ __rl: true, mode: 'id', value });

function generateParameters(extra: Record<string, unknown> = {}, model = 'openai/gpt-oss-20b'): INodeParameters {
	return { resource: 'text', operation: 'generate', model: byKey(model), prompt: '={{ $json.q }}', options: extra } as INodeParameters;
}

afterEach(async () => {
	forgetLmStudioApis();
	await fake?.close();
	fake = undefined;
});

describe('LM Studio Generate in the n8n engine', () => {
	it('generates per item with LM Studio statistics, paired to the input', async () => {
		await start({ version: '0.4.8' });
		const result = await run(generateParameters(), { items: [{ q: 'one' }, { q: 'two' }, { q: 'three' }] });
		expect(result.error).toBeUndefined();
		expect(result.last.pairedItems).toEqual([0, 1, 2]);
		const [first] = result.last.json;
		expect(first).toMatchObject({
			text: 'Reply from openai/gpt-oss-20b to: one',
			reasoning: 'The user asks: one. Answer briefly.',
			finishReason: 'stop',
			model: 'openai/gpt-oss-20b',
			endpoint: '/api/v0/chat/completions',
			stats: { timeToFirstTokenSec: 0.111, generationTimeSec: 0.5, stopReason: 'eosFound' },
			modelInfo: { architecture: 'gpt-oss', quantization: 'MXFP4', format: 'gguf', contextLength: 8192 },
			runtime: { name: expect.stringMatching(/llama\.cpp/) },
			usage: { promptTokens: 1, completionTokens: expect.any(Number), totalTokens: expect.any(Number) },
			latencyMs: expect.any(Number),
		});
		expect(first.raw).toBeUndefined();
		expect(fake!.count('/v1/responses')).toBe(0);
	});

	it('falls back to /v1/chat/completions on an older server, without stats', async () => {
		await start({ version: '0.3.5' });
		const result = await run(generateParameters({}, 'meta-llama-3.1-8b-instruct'), { items: [{ q: 'hi' }] });
		expect(result.last.json[0]).toMatchObject({ endpoint: '/v1/chat/completions', stats: null, modelInfo: null, text: expect.stringContaining('hi') });
		expect(result.last.json[0].warnings).toEqual([expect.stringMatching(/REST API v0/)]);
	});

	it('maps the options into the request body and parses structured output', async () => {
		await start({ version: '0.4.8' });
		const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
		const result = await run(
			generateParameters({
				systemPrompt: 'You are terse.',
				temperature: 0.1,
				topP: 0.8,
				topK: 20,
				minP: 0.02,
				maxTokens: 64,
				seed: 42,
				stop: 'END, STOP',
				presencePenalty: 0.5,
				frequencyPenalty: 0.25,
				repetitionPenalty: 1.05,
				jsonSchema: JSON.stringify(schema),
				reasoningEffort: 'medium',
				ttlSeconds: 900,
				contextDocuments: '={{ $json.docs }}',
				includeRaw: true,
			}),
			{ items: [{ q: 'Where?', docs: [{ pageContent: 'Paris is in France.', metadata: { source: 'wiki' } }] }] },
		);
		expect(result.error).toBeUndefined();
		const body = fake!.requests.find((r) => r.path === '/api/v0/chat/completions')?.body as Record<string, unknown>;
		expect(body).toMatchObject({
			temperature: 0.1,
			top_p: 0.8,
			top_k: 20,
			min_p: 0.02,
			max_tokens: 64,
			seed: 42,
			stop: ['END', 'STOP'],
			presence_penalty: 0.5,
			frequency_penalty: 0.25,
			repeat_penalty: 1.05,
			response_format: { type: 'json_schema', json_schema: { name: 'response', strict: true, schema } },
			reasoning_effort: 'medium',
			ttl: 900,
		});
		const messages = body.messages as Array<{ role: string; content: string }>;
		expect(messages[0].role).toBe('system');
		expect(messages[0].content).toContain('You are terse.');
		expect(messages[0].content).toContain('[1] (wiki) Paris is in France.');
		expect(messages[1]).toEqual({ role: 'user', content: 'Where?' });
		expect(result.last.json[0].structuredOutput).toEqual({ city: 'example' });
		expect(result.last.json[0].raw).toMatchObject({ object: 'chat.completion' });
	});

	it.each(['reasoning', 'reasoning_content'] as const)('outputs reasoning sent as message.%s', async (reasoningField) => {
		await start({ version: '0.4.8', reasoningField });
		const result = await run(generateParameters(), { items: [{ q: 'x' }] });
		expect(result.last.json[0].reasoning).toBe('The user asks: x. Answer briefly.');
	});

	it('keeps input order and pairing under concurrency', async () => {
		// Earlier items answer later, so completion order is the reverse of input order.
		await start({ version: '0.4.8', latencyMs: (r) => (r.path.includes('chat') ? 200 - 30 * Number(String((r.body as { messages: Array<{ content: string }> }).messages.at(-1)?.content)) : 0) });
		const items = [0, 1, 2, 3, 4, 5].map((n) => ({ q: String(n) }));
		const result = await run(generateParameters({ concurrency: 3 }), { items });
		expect(result.last.json.map((json) => json.text)).toEqual(items.map((item) => `Reply from openai/gpt-oss-20b to: ${item.q}`));
		expect(result.last.pairedItems).toEqual([0, 1, 2, 3, 4, 5]);
		expect(fake!.maxInFlight).toBeGreaterThan(1);
		expect(fake!.maxInFlight).toBeLessThanOrEqual(3);
	});

	it('Continue on Fail returns a paired error item and the other items normally', async () => {
		await start({ version: '0.4.8' });
		const parameters = { resource: 'text', operation: 'generate', model: byKey('={{ $json.model }}'), prompt: '={{ $json.q }}', options: {} } as INodeParameters;
		const items = [
			{ q: 'a', model: 'openai/gpt-oss-20b' },
			{ q: 'b', model: 'no-such-model' },
			{ q: 'c', model: 'meta-llama-3.1-8b-instruct' },
		];
		const result = await run(parameters, { items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.last.pairedItems).toEqual([0, 1, 2]);
		expect(result.last.json[0].text).toContain('a');
		expect(result.last.json[1].error).toMatch(/Item 1: LM Studio has no model "no-such-model"/);
		expect(result.last.json[1].hint).toMatch(/List Models/);
		expect(result.last.json[2].text).toContain('c');
	});

	it('without Continue on Fail the execution fails naming the item', async () => {
		await start({ version: '0.4.8' });
		const result = await run(generateParameters({}, 'no-such-model'), { items: [{ q: 'a' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Item 0: LM Studio has no model/);
	});

	it('401: asks for the token, and a wrong token never appears in errors or outputs', async () => {
		await start({ version: '0.4.8', apiToken: 'sk-lm-correct-1234' });
		const missing = await run(generateParameters(), { items: [{ q: 'a' }] });
		expect(missing.error?.message).toMatch(/requires an API token/);
		forgetLmStudioApis();
		const wrong = await run(generateParameters(), { items: [{ q: 'a' }, { q: 'b' }], apiToken: 'sk-lm-wrong-5678', continueOnFail: true });
		expect(wrong.last.json[0].error).toMatch(/refused the API token/);
		expect(wrong.last.json[0].httpCode).toBe('401');
		expect(JSON.stringify(wrong.run.data)).not.toContain('sk-lm-wrong-5678');
		forgetLmStudioApis();
		const right = await run(generateParameters(), { items: [{ q: 'a' }], apiToken: 'sk-lm-correct-1234' });
		expect(right.last.json[0].text).toContain('a');
		expect(JSON.stringify(right.run.data)).not.toContain('sk-lm-correct-1234');
	});

	it('retries 429 with Retry-After and 503', async () => {
		await start({
			version: '0.4.8',
			failures: [
				{ kind: 'status', status: 429, retryAfterSeconds: 0, path: '/api/v0/chat/completions' },
				{ kind: 'status', status: 503, path: '/api/v0/chat/completions' },
			],
		});
		const result = await run(generateParameters({ retries: 2 }), { items: [{ q: 'a' }] });
		expect(result.error).toBeUndefined();
		expect(fake!.count('/api/v0/chat/completions')).toBe(3);
	});

	it('stops at the timeout', async () => {
		await start({ version: '0.4.8', latencyMs: (r) => (r.path.includes('chat') ? 3000 : 0) });
		const result = await run(generateParameters({ timeoutSeconds: 0.2, retries: 0 }), { items: [{ q: 'a' }] });
		expect(result.error?.message).toMatch(/LM Studio did not answer/);
		expect(result.error?.description).toMatch(/Timeout/);
	});

	it('cancelling the execution aborts the request in flight', async () => {
		await start({ version: '0.4.8', failures: [{ kind: 'hang', path: '/api/v0/chat/completions' }] });
		const result = await run(generateParameters(), { items: [{ q: 'a' }], cancelAfterMs: 300 });
		expect(result.status).toBe('canceled');
		const chat = () => fake!.requests.find((r) => r.path === '/api/v0/chat/completions');
		expect(await eventually(() => chat()?.clientAborted, (aborted) => aborted === true)).toBe(true);
	});

	it.each([
		['0.4.8', '/api/v1/models', 'MXFP4', 'loaded'],
		['0.3.31', '/api/v0/models', 'MXFP4', 'loaded'],
		['0.3.5', '/v1/models', null, 'unknown'],
	] as const)('lists models on LM Studio %s from %s', async (version, source, quantization, state) => {
		await start({ version });
		const result = await run({ resource: 'model', operation: 'list' });
		expect(result.last.json).toHaveLength(4);
		expect(result.last.json.find((m) => m.key === 'openai/gpt-oss-20b')).toMatchObject({ source, quantization, state });
		const loadedOnly = await run({ resource: 'model', operation: 'list', options: { loadedOnly: true, includeEmbeddings: false } });
		expect(loadedOnly.last.json.map((m) => m.key)).toEqual(version === '0.3.5' ? [] : ['openai/gpt-oss-20b']);
	});

	it('loads and unloads a model on LM Studio 0.4', async () => {
		await start({ version: '0.4.8' });
		const loaded = await run({ resource: 'model', operation: 'load', model: byKey('meta-llama-3.1-8b-instruct'), options: { contextLength: 32768, numExperts: 2 } } as INodeParameters);
		expect(loaded.last.json[0]).toMatchObject({ model: 'meta-llama-3.1-8b-instruct', instanceId: 'meta-llama-3.1-8b-instruct', status: 'loaded' });
		expect(fake!.requests.find((r) => r.path === '/api/v1/models/load')?.body).toMatchObject({ context_length: 32768, num_experts: 2 });
		const unloaded = await run({ resource: 'model', operation: 'unload', model: byKey('meta-llama-3.1-8b-instruct') } as INodeParameters);
		expect(unloaded.last.json[0]).toEqual({ model: 'meta-llama-3.1-8b-instruct', unloadedInstanceIds: ['meta-llama-3.1-8b-instruct'], wasLoaded: true });
		expect(fake!.loadedInstances()['meta-llama-3.1-8b-instruct']).toBeUndefined();
	});

	it('says clearly that load needs LM Studio 0.4 on a 0.3 server', async () => {
		await start({ version: '0.3.31' });
		const result = await run({ resource: 'model', operation: 'load', model: byKey('meta-llama-3.1-8b-instruct') } as INodeParameters);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/needs LM Studio 0\.4 or newer/);
		expect(result.error?.description).toMatch(/lms load/);
	});

	it('offers no adapter parameter and says why', () => {
		const names = node.description.properties.map((p) => p.name.toLowerCase());
		expect(names.some((name) => name.includes('adapter') || name.includes('lora'.concat('path')))).toBe(false);
		expect(node.description.description).toMatch(/cannot apply LoRA/);
		expect(node.description.properties.find((p) => p.type === 'notice')?.displayName).toMatch(/vLLM Generate with LoRA/);
		expect(node.description.usableAsTool).toBe(true);
	});
});
