import { LmStudioClient, forgetLmStudioApis } from '../../../lib/clients/lmstudio';
import { startLmStudioFake, type LmStudioFake, type LmStudioFakeOptions } from '../../fakes/lmStudioServer';
import { defaultFakeModels } from '../../fakes/lmStudioModels';
import { eventually } from '../../eventually';
import { failure } from '../../failure';

let fake: LmStudioFake | undefined;

async function start(options: LmStudioFakeOptions = {}, clientOptions: { apiToken?: string; timeoutMs?: number; retries?: number } = {}) {
	fake = await startLmStudioFake(options);
	const client = new LmStudioClient({ baseUrl: fake.url, retryBaseDelayMs: 5, ...clientOptions });
	return { fake, client };
}

afterEach(async () => {
	forgetLmStudioApis();
	await fake?.close();
	fake = undefined;
});

describe('API detection', () => {
	it.each([
		['0.4.8', { restV1: true, restV0: true }],
		['0.3.31', { restV1: false, restV0: true }],
		['0.3.5', { restV1: false, restV0: false }],
	] as const)('finds what LM Studio %s has, once per base URL', async (version, expected) => {
		const { fake, client } = await start({ version });
		expect(await client.apis()).toEqual(expected);
		await client.apis();
		expect(fake.count('/api/v1/models')).toBe(1);
		expect(fake.count('/api/v0/models')).toBe(1);
	});

	it('does not remember a failed probe', async () => {
		const { fake, client } = await start({ version: '0.4.8', apiToken: 'sk-lm-secret1' });
		await expect(client.apis()).rejects.toThrow(/requires an API token/);
		const authed = new LmStudioClient({ baseUrl: fake.url, apiToken: 'sk-lm-secret1' });
		expect(await authed.apis()).toEqual({ restV1: true, restV0: true });
	});
});

describe('listModels', () => {
	it('normalises /api/v1/models on 0.4', async () => {
		const { client } = await start({ version: '0.4.8' });
		const { models, source } = await client.listModels();
		expect(source).toBe('/api/v1/models');
		expect(models[0]).toMatchObject({
			key: 'openai/gpt-oss-20b',
			state: 'loaded',
			architecture: 'gpt-oss',
			quantization: 'MXFP4',
			bitsPerWeight: 4,
			format: 'gguf',
			maxContextLength: 131072,
			loadedContextLength: 8192,
			loadedInstances: [{ id: 'openai/gpt-oss-20b', contextLength: 8192, parallel: 4 }],
			reasoning: { allowedOptions: ['low', 'medium', 'high'], default: 'low' },
			source: '/api/v1/models',
		});
		const mlx = models.find((m) => m.key === 'qwen2-vl-7b-instruct');
		expect(mlx).toMatchObject({ state: 'not-loaded', format: 'mlx', quantization: '4bit', vision: true });
		expect(models.find((m) => m.key.startsWith('text-embedding'))?.type).toBe('embedding');
	});

	it('normalises /api/v0/models on 0.3', async () => {
		const { client } = await start({ version: '0.3.31' });
		const { models, source } = await client.listModels();
		expect(source).toBe('/api/v0/models');
		expect(models.map((m) => m.state)).toEqual(['loaded', 'not-loaded', 'not-loaded', 'not-loaded']);
		expect(models[0]).toMatchObject({ key: 'openai/gpt-oss-20b', architecture: 'gpt-oss', quantization: 'MXFP4', format: 'gguf', loadedContextLength: 8192, reasoning: null });
		expect(models.find((m) => m.key.startsWith('text-embedding'))?.type).toBe('embedding');
	});

	it('falls back to the bare /v1/models list, state unknown', async () => {
		const { fake, client } = await start({ version: '0.3.5' });
		const { models, source } = await client.listModels();
		expect(source).toBe('/v1/models');
		expect(models).toHaveLength(defaultFakeModels().length);
		expect(models.every((m) => m.state === 'unknown' && m.quantization === null)).toBe(true);
		expect(fake.count('/v1/models')).toBe(1);
	});

	it('lists only loaded models when JIT is off (v0)', async () => {
		const { client } = await start({ version: '0.3.31', jit: false });
		const { models } = await client.listModels();
		expect(models.map((m) => m.key)).toEqual(['openai/gpt-oss-20b']);
	});
});

describe('generate', () => {
	it('uses /api/v0/chat/completions and returns stats, model info and runtime', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		const result = await client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Why is the sky blue?' });
		expect(result.endpoint).toBe('/api/v0/chat/completions');
		expect(result.text).toBe('Reply from openai/gpt-oss-20b to: Why is the sky blue?');
		expect(result.reasoning).toBe('The user asks: Why is the sky blue?. Answer briefly.');
		expect(result.finishReason).toBe('stop');
		expect(result.stats).toEqual({ tokensPerSecond: expect.any(Number), timeToFirstTokenSec: 0.111, generationTimeSec: 0.5, stopReason: 'eosFound' });
		expect(result.modelInfo).toEqual({ architecture: 'gpt-oss', quantization: 'MXFP4', format: 'gguf', contextLength: 8192 });
		expect(result.runtime?.name).toMatch(/llama\.cpp/);
		expect(result.usage?.totalTokens).toBe((result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0));
		expect(result.warnings).toEqual([]);
		expect(fake.count('/v1/chat/completions')).toBe(0);
		expect(fake.count('/v1/responses')).toBe(0);
	});

	it('falls back to /v1/chat/completions on a server without REST v0 (0.3.5)', async () => {
		const { fake, client } = await start({ version: '0.3.5' });
		const result = await client.generate({ model: 'meta-llama-3.1-8b-instruct', prompt: 'Hi' });
		expect(result.endpoint).toBe('/v1/chat/completions');
		expect(result.stats).toBeNull();
		expect(result.modelInfo).toBeNull();
		expect(result.text).toContain('Hi');
		expect(result.warnings[0]).toMatch(/REST API v0/);
		expect(fake.count('/api/v0/chat/completions')).toBe(0);
	});

	it('falls back when the v0 chat route turns out to be missing', async () => {
		const { fake, client } = await start({ version: '0.3.31', failures: [{ kind: 'status', status: 404, path: '/api/v0/chat/completions' }] });
		const result = await client.generate({ model: 'meta-llama-3.1-8b-instruct', prompt: 'Hi' });
		expect(result.endpoint).toBe('/v1/chat/completions');
		expect(fake.count('/api/v0/chat/completions')).toBe(1);
		expect(fake.count('/v1/chat/completions')).toBe(1);
	});

	it('maps every option into the request body', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		const schema = { type: 'object', properties: { answer: { type: 'string' }, score: { type: 'integer' } }, required: ['answer'] };
		const result = await client.generate({
			model: 'meta-llama-3.1-8b-instruct',
			prompt: 'Rate this',
			systemPrompt: 'Be terse.',
			contextDocuments: [{ text: 'Doc one', source: 'a.txt' }, { text: 'Doc two' }],
			contextTemplate: 'Use:\n{{documents}}',
			sampling: { temperature: 0.2, topP: 0.9, topK: 40, minP: 0.05, maxTokens: 256, seed: 7, stop: ['END'], presencePenalty: 0.1, frequencyPenalty: 0.3, repetitionPenalty: 1.1 },
			jsonSchema: schema,
			reasoningEffort: 'high',
			ttlSeconds: 300,
		});
		const body = fake.requests.find((r) => r.path === '/api/v0/chat/completions')?.body as Record<string, unknown>;
		expect(body).toMatchObject({
			model: 'meta-llama-3.1-8b-instruct',
			temperature: 0.2,
			top_p: 0.9,
			top_k: 40,
			min_p: 0.05,
			max_tokens: 256,
			seed: 7,
			stop: ['END'],
			presence_penalty: 0.1,
			frequency_penalty: 0.3,
			repeat_penalty: 1.1,
			response_format: { type: 'json_schema', json_schema: { name: 'response', strict: true, schema } },
			reasoning_effort: 'high',
			ttl: 300,
			stream: false,
		});
		expect(body.messages).toEqual([
			{ role: 'system', content: 'Be terse.\n\nUse:\n[1] (a.txt) Doc one\n\n[2] Doc two' },
			{ role: 'user', content: 'Rate this' },
		]);
		expect(result.json).toEqual({ answer: 'example', score: 1 });
	});

	it('sends only the options given', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		await client.generate({ model: 'meta-llama-3.1-8b-instruct', prompt: 'Hi' });
		const body = fake.requests.find((r) => r.path === '/api/v0/chat/completions')?.body as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'stream']);
	});

	it.each(['reasoning', 'reasoning_content'] as const)('reads reasoning from message.%s', async (reasoningField) => {
		const { client } = await start({ version: '0.4.8', reasoningField });
		const result = await client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Think' });
		expect(result.reasoning).toBe('The user asks: Think. Answer briefly.');
	});

	it('loads a model just in time with the ttl', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		expect(fake.loadedInstances()['qwen2-vl-7b-instruct']).toBeUndefined();
		const result = await client.generate({ model: 'qwen2-vl-7b-instruct', prompt: 'Hi', ttlSeconds: 120 });
		expect(result.modelInfo).toMatchObject({ format: 'mlx', quantization: '4bit' });
		expect(fake.loadedInstances()['qwen2-vl-7b-instruct']).toEqual(['qwen2-vl-7b-instruct']);
	});

	it('reports max tokens reached', async () => {
		const { client } = await start({ version: '0.4.8' });
		const result = await client.generate({ model: 'meta-llama-3.1-8b-instruct', prompt: 'a b c d e', sampling: { maxTokens: 2 } });
		expect(result.finishReason).toBe('length');
		expect(result.stats?.stopReason).toBe('maxPredictedTokensReached');
	});

	it('refuses a reasoning effort the model does not list (0.4.8 capabilities)', async () => {
		const models = defaultFakeModels();
		models[0].reasoning = { allowedOptions: ['off', 'on'], default: 'on' };
		const { fake, client } = await start({ version: '0.4.8', models });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi', reasoningEffort: 'high' }));
		expect(error.kind).toBe('input');
		expect(error.message).toMatch(/off, on/);
		expect(fake.count('/api/v0/chat/completions')).toBe(0);
	});

	it('warns when a reasoning effort goes to a model without reasoning options', async () => {
		const { client } = await start({ version: '0.4.8' });
		const result = await client.generate({ model: 'meta-llama-3.1-8b-instruct', prompt: 'Hi', reasoningEffort: 'low' });
		expect(result.warnings[0]).toMatch(/probably ignored/);
	});

	it('rejects bad input before any request', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		expect((await failure(client.generate({ model: '', prompt: 'Hi' }))).kind).toBe('input');
		expect((await failure(client.generate({ model: 'm', prompt: '' }))).kind).toBe('input');
		expect((await failure(client.generate({ model: 'm', prompt: 'Hi', jsonSchema: { foo: 1 } }))).kind).toBe('input');
		expect((await failure(client.generate({ model: 'm', prompt: 'Hi', ttlSeconds: -5 }))).kind).toBe('input');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('server errors', () => {
	it.each([
		['0.3.31', 404],
		['0.4.8', 400],
	] as const)('unknown model on %s (HTTP %i)', async (version, status) => {
		const { client } = await start({ version });
		const error = await failure(client.generate({ model: 'no-such-model', prompt: 'Hi' }));
		expect(error.httpStatus).toBe(status);
		expect(error.message).toMatch(/has no model "no-such-model"/);
		expect(error.hint).toMatch(/List Models/);
	});

	it('the model-crashed error arrives as a plain string', async () => {
		const models = defaultFakeModels();
		models[1].crashes = true;
		const { client } = await start({ version: '0.4.8', models });
		const error = await failure(client.generate({ model: models[1].key, prompt: 'Hi' }));
		expect(error.message).toMatch(/crashed/);
		expect(error.serverMessage).toMatch(/^The model has crashed/);
	});

	it('no models loaded with JIT off', async () => {
		const models = defaultFakeModels().map((m) => ({ ...m, loadedContextLength: undefined }));
		const { client } = await start({ version: '0.4.8', jit: false, models });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(error.message).toMatch(/no model loaded/i);
		expect(error.hint).toMatch(/Load Model/);
	});

	it('401 without a token, and a refused token never shows up in the error', async () => {
		const { fake, client } = await start({ version: '0.4.8', apiToken: 'sk-lm-right-token' });
		const missing = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(missing.httpStatus).toBe(401);
		expect(missing.message).toMatch(/requires an API token/);
		forgetLmStudioApis();
		const wrong = new LmStudioClient({ baseUrl: fake.url, apiToken: 'sk-lm-wrong-token' });
		const refused = await failure(wrong.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(refused.message).toMatch(/refused the API token/);
		expect(JSON.stringify({ ...refused, message: refused.message, hint: refused.hint })).not.toContain('sk-lm-wrong-token');
		const right = new LmStudioClient({ baseUrl: fake.url, apiToken: 'sk-lm-right-token' });
		expect((await right.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' })).text).toContain('Hi');
		expect(fake.requests.at(-1)?.authorization).toBe('Bearer sk-lm-right-token');
	});

	it('retries 429 (honouring Retry-After) and 503, then succeeds', async () => {
		const { fake, client } = await start({
			version: '0.4.8',
			failures: [
				{ kind: 'status', status: 429, retryAfterSeconds: 0, path: '/api/v0/chat/completions' },
				{ kind: 'status', status: 503, path: '/api/v0/chat/completions' },
			],
		}, { retries: 2 });
		const result = await client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' });
		expect(result.text).toContain('Hi');
		expect(fake.count('/api/v0/chat/completions')).toBe(3);
	});

	it('gives up after the configured retries', async () => {
		const { fake, client } = await start({ version: '0.4.8', failures: [{ kind: 'status', status: 503, times: 5, path: '/api/v0/chat/completions' }] }, { retries: 1 });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(error.httpStatus).toBe(503);
		expect(fake.count('/api/v0/chat/completions')).toBe(2);
	});

	it('retries a connection dropped before the answer', async () => {
		const { fake, client } = await start({ version: '0.4.8', failures: [{ kind: 'drop', path: '/api/v0/chat/completions' }] });
		const result = await client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' });
		expect(result.text).toContain('Hi');
		expect(fake.count('/api/v0/chat/completions')).toBe(2);
	});

	it('a connection reset mid-body is reported as LM Studio going away', async () => {
		const { client } = await start({ version: '0.4.8', failures: [{ kind: 'reset', path: '/api/v0/chat/completions' }] }, { retries: 0 });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(error.kind).toBe('unreachable');
		expect(error.message).toMatch(/LM Studio/);
	});

	it('malformed JSON is a protocol error', async () => {
		const { client } = await start({ version: '0.4.8', failures: [{ kind: 'malformed', path: '/api/v0/chat/completions' }] });
		expect((await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }))).kind).toBe('protocol');
	});

	it('says where the server should be when nothing listens', async () => {
		const { fake, client } = await start({ version: '0.4.8' }, { retries: 0 });
		await fake.setOptions({ down: true });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(error.kind).toBe('unreachable');
		expect(error.hint).toContain(`Is LM Studio running at ${fake.url}?`);
	});

	it('times out a slow answer', async () => {
		const { client } = await start({ version: '0.4.8', latencyMs: (r) => (r.path.includes('chat') ? 2000 : 0) }, { timeoutMs: 200 });
		const error = await failure(client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }));
		expect(error.kind).toBe('unreachable');
		expect(error.message).toMatch(/did not answer/);
	});

	it('cancels a request in flight and the server sees the disconnect', async () => {
		const { fake, client } = await start({ version: '0.4.8', failures: [{ kind: 'hang', path: '/api/v0/chat/completions' }] });
		const controller = new AbortController();
		const pending = client.generate({ model: 'openai/gpt-oss-20b', prompt: 'Hi' }, controller.signal);
		setTimeout(() => controller.abort(), 100);
		expect((await failure(pending)).kind).toBe('cancelled');
		const chat = () => fake.requests.find((r) => r.path === '/api/v0/chat/completions');
		expect(await eventually(() => chat()?.clientAborted, (aborted) => aborted === true)).toBe(true);
	});
});

describe('load and unload', () => {
	it('loads and unloads through /api/v1 on 0.4', async () => {
		const { fake, client } = await start({ version: '0.4.8' });
		const loaded = await client.loadModel({ model: 'meta-llama-3.1-8b-instruct', contextLength: 16384, flashAttention: true });
		expect(loaded).toMatchObject({ model: 'meta-llama-3.1-8b-instruct', instanceId: 'meta-llama-3.1-8b-instruct', status: 'loaded', loadTimeSec: 2.656 });
		expect(loaded.loadConfig).toMatchObject({ context_length: 16384 });
		expect(fake.requests.find((r) => r.path === '/api/v1/models/load')?.body).toEqual({ model: 'meta-llama-3.1-8b-instruct', context_length: 16384, flash_attention: true, echo_load_config: true });
		const second = await client.loadModel({ model: 'meta-llama-3.1-8b-instruct' });
		expect(second.instanceId).toBe('meta-llama-3.1-8b-instruct:2');
		expect((await client.listModels()).models.find((m) => m.key === 'meta-llama-3.1-8b-instruct')?.state).toBe('loaded');

		const one = await client.unloadModel({ model: 'meta-llama-3.1-8b-instruct:2' });
		expect(one).toEqual({ model: 'meta-llama-3.1-8b-instruct', unloadedInstanceIds: ['meta-llama-3.1-8b-instruct:2'], wasLoaded: true });
		await client.loadModel({ model: 'meta-llama-3.1-8b-instruct' });
		const all = await client.unloadModel({ model: 'meta-llama-3.1-8b-instruct' });
		expect(all.unloadedInstanceIds).toHaveLength(2);
		expect(fake.loadedInstances()['meta-llama-3.1-8b-instruct']).toBeUndefined();
		expect(await client.unloadModel({ model: 'meta-llama-3.1-8b-instruct' })).toMatchObject({ wasLoaded: false, unloadedInstanceIds: [] });
	});

	it('unknown model to load or unload', async () => {
		const { client } = await start({ version: '0.4.8' });
		expect((await failure(client.loadModel({ model: 'nope' }))).message).toMatch(/has no model "nope"/);
		const error = await failure(client.unloadModel({ model: 'nope' }));
		expect(error.kind).toBe('input');
		expect(error.hint).toMatch(/openai\/gpt-oss-20b/);
	});

	it.each(['0.3.31', '0.3.5'] as const)('says clearly that LM Studio %s cannot load or unload over the API', async (version) => {
		const { fake, client } = await start({ version });
		const load = await failure(client.loadModel({ model: 'meta-llama-3.1-8b-instruct' }));
		expect(load.kind).toBe('unsupported');
		expect(load.message).toMatch(/needs LM Studio 0\.4 or newer/);
		expect(load.hint).toMatch(/lms load/);
		expect((await failure(client.unloadModel({ model: 'openai/gpt-oss-20b' }))).kind).toBe('unsupported');
		expect(fake.count('/api/v1/models/load')).toBe(0);
	});
});
