/** vLLM Generate with LoRA inside the real n8n engine, against the vLLM fake. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { VllmGenerate } from '../../nodes/VllmGenerate/VllmGenerate.node';
import { startVllmFake, type VllmFake, type VllmFakeOptions } from '../fakes/vllmServer';
import { runNode, type RunResult } from './harness';
import { eventually } from '../eventually';

let fake: VllmFake;

async function start(options: Partial<VllmFakeOptions> = {}): Promise<VllmFake> {
	fake = await startVllmFake(options);
	return fake;
}

afterEach(async () => {
	await fake?.close();
});

const model = (value: string) => ({ __rl: true, mode: 'id', value });

function run(
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	extra: { continueOnFail?: boolean; cancelAfterMs?: number; credential?: IDataObject } = {},
): Promise<RunResult> {
	return runNode(new VllmGenerate(), parameters, {
		items,
		continueOnFail: extra.continueOnFail,
		cancelAfterMs: extra.cancelAfterMs,
		credentialTypes: ['vllmApi'],
		credentials: { vllmApi: { baseUrl: fake.url, apiKey: '', allowedAdapterPaths: '/models/lora\nhf:acme', ...extra.credential } as never },
	});
}

const generate = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'text',
	operation: 'generate',
	model: model('Qwen/Qwen3-8B'),
	mode: 'chat',
	prompt: '={{ $json.q }}',
	...parameters,
});

const bodies = (path: string) => fake.requests.filter((request) => request.path === path).map((request) => request.body as Record<string, unknown>);

describe('vLLM Generate with LoRA (engine)', () => {
	it('generates with every option mapped into the body', async () => {
		await start({ reasoning: 'because' });
		const result = await run(
			generate({
				options: {
					systemPrompt: 'Be brief.',
					temperature: 0.3,
					topP: 0.8,
					topK: 20,
					minP: 0.1,
					maxTokens: 64,
					seed: 42,
					stop: 'END, STOP',
					presencePenalty: 0.5,
					frequencyPenalty: 0.25,
					repetitionPenalty: 1.2,
					reasoningEffort: 'high',
					contextDocuments: '={{ $json.docs }}',
					extraBody: '{"chat_template_kwargs": {"enable_thinking": true}}',
					includeRaw: true,
				},
			}),
			[{ q: 'hello there', docs: [{ pageContent: 'Paris is in France', metadata: { source: 'geo.txt' } }] }],
		);
		expect(result.error).toBeUndefined();
		const [body] = bodies('/v1/chat/completions');
		expect(body).toMatchObject({
			model: 'Qwen/Qwen3-8B',
			temperature: 0.3,
			top_p: 0.8,
			top_k: 20,
			min_p: 0.1,
			max_tokens: 64,
			seed: 42,
			stop: ['END', 'STOP'],
			presence_penalty: 0.5,
			frequency_penalty: 0.25,
			repetition_penalty: 1.2,
			reasoning_effort: 'high',
			chat_template_kwargs: { enable_thinking: true },
		});
		const messages = body.messages as Array<{ role: string; content: string }>;
		expect(messages[0].content).toMatch(/^Be brief\.\n\nAnswer using the context below[\s\S]*\[1\] \(geo\.txt\) Paris is in France$/);
		expect(messages[1]).toEqual({ role: 'user', content: 'hello there' });
		const out = result.last.json[0];
		expect(out).toMatchObject({
			text: '[Qwen/Qwen3-8B] hello there',
			reasoning: 'because',
			finishReason: 'stop',
			model: 'Qwen/Qwen3-8B',
			adapter: null,
			baseModel: 'Qwen/Qwen3-8B',
			usage: { completionTokens: 3 },
		});
		expect(typeof out.latencyMs).toBe('number');
		expect(out).toHaveProperty('tokensPerSecond');
		expect((out.raw as IDataObject).object).toBe('chat.completion');
		expect(result.last.pairedItems).toEqual([0]);
	});

	it('sends a plain prompt through /v1/completions', async () => {
		await start();
		const result = await run(generate({ mode: 'completion', options: { maxTokens: 3 } }), [{ q: 'one two three four' }]);
		expect(bodies('/v1/completions')[0]).toMatchObject({ prompt: 'one two three four', max_tokens: 3 });
		expect(result.last.json[0]).toMatchObject({ finishReason: 'length', usage: { completionTokens: 3 } });
	});

	it('returns parsed structured output and says which field carried the schema', async () => {
		await start({ version: '0.10.1' });
		const schema = { type: 'object', properties: { answer: { type: 'string' } } };
		const result = await run(generate({ options: { jsonSchema: JSON.stringify(schema) } }), [{ q: 'x' }]);
		expect(bodies('/v1/chat/completions')[0].guided_json).toEqual(schema);
		expect(result.last.json[0]).toMatchObject({ structuredOutput: { answer: 'x' }, structuredOutputField: 'guided_json' });
	});

	it('lists base models and adapters apart', async () => {
		await start({ adapters: [{ name: 'sql', path: '/models/lora/sql', parent: 'Qwen/Qwen3-8B' }] });
		const result = await run({ resource: 'model', operation: 'list' });
		expect(result.last.json[0]).toEqual({
			baseModels: [{ id: 'Qwen/Qwen3-8B', root: '/models/Qwen3-8B', maxModelLen: 4096, ownedBy: 'vllm' }],
			adapters: [{ id: 'sql', parent: 'Qwen/Qwen3-8B', path: '/models/lora/sql' }],
		});
	});

	it('loads and unloads an adapter', async () => {
		await start();
		const loaded = await run({ resource: 'adapter', operation: 'load', adapterName: '={{ $json.name }}', adapterPath: '={{ $json.path }}' }, [{ name: 'sql', path: '/models/lora/sql' }]);
		expect(loaded.last.json[0]).toEqual({ adapter: 'sql', path: '/models/lora/sql', status: 'loaded', serverMessage: "Success: LoRA adapter 'sql' added successfully." });
		const unloaded = await run({ resource: 'adapter', operation: 'unload', adapter: model('sql') });
		expect(unloaded.last.json[0]).toMatchObject({ adapter: 'sql', status: 'unloaded' });
		expect(fake.loadedAdapters()).toEqual([]);
	});

	it('auto-loads a missing adapter once for many concurrent items, output in input order', async () => {
		await start({ latencyMs: [5, 40], loadLatencyMs: 60 });
		const items = Array.from({ length: 16 }, (_, i) => ({ q: `question ${i}`, adapter: 'sql' }));
		const result = await run(generate({ model: model('={{ $json.adapter }}'), adapterPath: '/models/lora/sql', options: { concurrency: 8 } }), items);
		expect(result.error).toBeUndefined();
		expect(fake.count('POST', '/v1/load_lora_adapter')).toBe(1);
		expect(result.last.json.map((json) => json.text)).toEqual(items.map((item) => `[sql] ${item.q}`));
		expect(result.last.pairedItems).toEqual(items.map((_, i) => i));
		expect(result.last.json.every((json) => json.adapter === 'sql' && json.baseModel === 'Qwen/Qwen3-8B')).toBe(true);
	});

	it('keeps input order and pairing under concurrency with random latencies', async () => {
		await start({ latencyMs: [1, 50] });
		const items = Array.from({ length: 24 }, (_, i) => ({ q: `n${i}` }));
		const result = await run(generate({ options: { concurrency: 6 } }), items);
		expect(result.last.json.map((json) => json.text)).toEqual(items.map((item) => `[Qwen/Qwen3-8B] ${item.q}`));
		expect(result.last.pairedItems).toEqual(items.map((_, i) => i));
		expect(fake.maxInFlight()).toBeGreaterThan(1);
		expect(fake.maxInFlight()).toBeLessThanOrEqual(6);
	});

	it('refuses an adapter path outside the allow-list without sending anything', async () => {
		await start();
		const result = await run(generate({ model: model('evil'), adapterPath: '={{ $json.path }}' }), [{ q: 'hi', path: '/etc/shadow' }]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Item 0');
		expect(result.error?.message).toContain('outside the allowed prefixes');
		expect(result.error?.description).toContain('Allowed Adapter Paths');
		expect(fake.requests).toHaveLength(0);
	});

	it('Continue on Fail: failed items become paired error items, the rest come out', async () => {
		await start({ latencyMs: [1, 20] });
		const items = [{ m: 'Qwen/Qwen3-8B' }, { m: 'missing-model' }, { m: 'Qwen/Qwen3-8B' }, { m: 'also-missing' }];
		const result = await run(generate({ model: model('={{ $json.m }}'), prompt: 'hi', options: { concurrency: 4 } }), items, { continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.last.pairedItems).toEqual([0, 1, 2, 3]);
		expect(result.last.json[0].text).toBe('[Qwen/Qwen3-8B] hi');
		expect(result.last.json[1].error).toContain('Item 1');
		expect(result.last.json[1].error).toContain('no model or adapter named "missing-model"');
		expect(result.last.json[1].hint).toContain('Qwen/Qwen3-8B');
		expect(result.last.json[1].httpCode).toBe('404');
		expect(result.last.json[2].text).toBe('[Qwen/Qwen3-8B] hi');
		expect(result.last.json[3].error).toContain('Item 3');
	});

	it('retries a 429 with Retry-After and a 503, then succeeds', async () => {
		await start({ failures: [{ kind: 'status', status: 429, retryAfterS: 1, path: '/v1/chat/completions' }, { kind: 'status', status: 503, path: '/v1/chat/completions' }] });
		const started = Date.now();
		const result = await run(generate({ options: { retries: 3 } }), [{ q: 'hi' }]);
		expect(result.error).toBeUndefined();
		expect(result.last.json[0].text).toBe('[Qwen/Qwen3-8B] hi');
		expect(fake.count('POST', '/v1/chat/completions')).toBe(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('times out a hung request with the timeout option', async () => {
		await start({ failures: [{ kind: 'hang', path: '/v1/chat/completions' }] });
		const result = await run(generate({ options: { timeoutSeconds: 0.3, retries: 0 } }), [{ q: 'hi' }]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('did not answer');
		expect(result.error?.description).toContain('Timeout');
	});

	it('cancelling the execution aborts the request in flight', async () => {
		await start({ failures: [{ kind: 'hang', path: '/v1/chat/completions', times: 3 }] });
		const started = Date.now();
		const result = await run(generate({ options: { timeoutSeconds: 0, concurrency: 3 } }), [{ q: 'a' }, { q: 'b' }, { q: 'c' }], { cancelAfterMs: 150 });
		expect(result.status).toBe('canceled');
		expect(await eventually(() => fake.abortedCount(), (count) => count >= 3)).toBe(3);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('never shows the API key in outputs or errors', async () => {
		const secret = 'sk-engine-secret-7788';
		await start({ apiKey: 'the-real-key-0000' });
		const failed = await run(generate(), [{ q: 'hi' }], { credential: { apiKey: secret }, continueOnFail: true });
		expect(failed.last.json[0].error).toContain('401');
		expect(failed.last.json[0].hint).toContain('API Key');
		expect(JSON.stringify(failed.run.data)).not.toContain(secret);
		expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe(`Bearer ${secret}`);

		fake.setOptions({ apiKey: secret, failures: [{ kind: 'status', status: 400, body: `bad key ${secret} echoed`, path: '/v1/chat/completions' }] });
		const echoed = await run(generate(), [{ q: 'hi' }], { credential: { apiKey: secret } });
		expect(echoed.status).toBe('error');
		expect(`${echoed.error?.message} ${echoed.error?.description}`).not.toContain(secret);
		expect(JSON.stringify(echoed.run.data)).not.toContain(secret);

		const ok = await run(generate({ options: { includeRaw: true } }), [{ q: 'hi' }], { credential: { apiKey: secret } });
		expect(ok.last.json[0].text).toBe('[Qwen/Qwen3-8B] hi');
		expect(JSON.stringify(ok.run.data)).not.toContain(secret);
	});

	it('reads the older flat error shape (vLLM 0.9)', async () => {
		await start({ version: '0.9.2', baseModels: [{ id: 'small', maxModelLen: 5 }] });
		const result = await run(generate({ model: model('small') }), [{ q: 'a b c d e f g' }]);
		expect(result.error?.message).toContain('maximum context length is 5 tokens');
		expect(result.error?.httpCode).toBe('400');
	});

	it('says how to enable runtime LoRA when the load route answers 404 Not Found', async () => {
		await start({ runtimeLora: false });
		const result = await run(generate({ model: model('sql'), adapterPath: '/models/lora/sql' }), [{ q: 'hi' }]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('runtime LoRA loading turned off');
		expect(result.error?.description).toContain('VLLM_ALLOW_RUNTIME_LORA_UPDATING=True');
		expect(result.error?.description).toContain('--enable-lora');
	});

	it('works with a non-vLLM server for generation; adapter operations say there is no endpoint', async () => {
		await start({ flavor: 'llama-server' });
		const generated = await run(generate(), [{ q: 'hi' }]);
		expect(generated.last.json[0]).toMatchObject({ text: '[Qwen/Qwen3-8B] hi', adapter: null });
		const load = await run({ resource: 'adapter', operation: 'load', adapterName: 'sql', adapterPath: '/models/lora/sql' });
		expect(load.error?.message).toContain('has no /v1/load_lora_adapter endpoint');
		expect(load.error?.message).toContain('does not look like vLLM');
	});
});
