import { VllmClient } from '../../../lib/clients/vllm';
import { closedPortUrl, startVllmFake, type VllmFake, type VllmFakeOptions } from '../../fakes/vllmServer';
import { failure } from '../../failure';

let fake: VllmFake;

async function start(options: Partial<VllmFakeOptions> = {}): Promise<VllmFake> {
	fake = await startVllmFake(options);
	return fake;
}

function client(extra: Partial<ConstructorParameters<typeof VllmClient>[0]> = {}): VllmClient {
	return new VllmClient({ baseUrl: fake.url, retryBaseDelayMs: 10, allowedAdapterPaths: '/models/lora, hf:acme', ...extra });
}

const lastBody = (path: string) => [...fake.requests].reverse().find((request) => request.path === path)?.body as Record<string, unknown>;

afterEach(async () => {
	await fake?.close();
});

describe('VllmClient against the vLLM fake', () => {
	it('lists base models and adapters apart, with parent and path', async () => {
		await start({ adapters: [{ name: 'sql', path: '/models/lora/sql', parent: 'Qwen/Qwen3-8B' }] });
		const listing = await client().listModels();
		expect(listing.baseModels).toEqual([{ id: 'Qwen/Qwen3-8B', root: '/models/Qwen3-8B', maxModelLen: 4096, ownedBy: 'vllm' }]);
		expect(listing.adapters).toEqual([{ id: 'sql', parent: 'Qwen/Qwen3-8B', path: '/models/lora/sql' }]);
	});

	it('maps options into the chat body and reads the answer', async () => {
		await start({ reasoning: 'thinking...' });
		const result = await client().generate({
			model: 'Qwen/Qwen3-8B',
			mode: 'chat',
			prompt: 'What is up',
			systemPrompt: 'Be brief.',
			contextDocuments: [{ text: 'Doc one', source: 'a.md' }, { text: 'Doc two' }],
			sampling: { temperature: 0.2, topP: 0.9, topK: 40, minP: 0.05, maxTokens: 50, seed: 7, stop: ['END'], presencePenalty: 0.1, frequencyPenalty: 0.2, repetitionPenalty: 1.1 },
			reasoningEffort: 'low',
			extraBody: { chat_template_kwargs: { enable_thinking: false } },
		});
		const body = lastBody('/v1/chat/completions');
		expect(body).toMatchObject({
			model: 'Qwen/Qwen3-8B',
			temperature: 0.2,
			top_p: 0.9,
			top_k: 40,
			min_p: 0.05,
			max_tokens: 50,
			seed: 7,
			stop: ['END'],
			presence_penalty: 0.1,
			frequency_penalty: 0.2,
			repetition_penalty: 1.1,
			reasoning_effort: 'low',
			chat_template_kwargs: { enable_thinking: false },
		});
		const messages = body.messages as Array<{ role: string; content: string }>;
		expect(messages[0].role).toBe('system');
		expect(messages[0].content).toContain('Be brief.');
		expect(messages[0].content).toContain('[1] (a.md) Doc one');
		expect(messages[0].content).toContain('[2] Doc two');
		expect(messages[1]).toEqual({ role: 'user', content: 'What is up' });
		expect(result.text).toBe('[Qwen/Qwen3-8B] What is up');
		expect(result.reasoning).toBe('thinking...');
		expect(result.finishReason).toBe('stop');
		expect(result.adapter).toBeNull();
		expect(result.baseModel).toBe('Qwen/Qwen3-8B');
		expect(result.usage.completionTokens).toBe(4);
		expect(result.usage.totalTokens).toBe((result.usage.promptTokens ?? 0) + 4);
		expect(result.latencyMs).toBeGreaterThanOrEqual(0);
	});

	it('sends a plain prompt to /v1/completions with the context before it', async () => {
		await start();
		const result = await client().generate({
			model: 'Qwen/Qwen3-8B',
			mode: 'completion',
			prompt: 'Once upon',
			systemPrompt: 'Story mode',
			contextDocuments: [{ text: 'A dragon' }],
			sampling: { maxTokens: 2 },
		});
		const body = lastBody('/v1/completions');
		expect(body.prompt).toMatch(/^Story mode\n\n.*\[1\] A dragon\n\nOnce upon$/s);
		expect(body.messages).toBeUndefined();
		expect(result.finishReason).toBe('length');
		expect(result.usage.completionTokens).toBe(2);
	});

	it.each([
		['0.10.0', { reasoning_content: 'r' }],
		['0.12.0', { reasoning: 'r', reasoning_content: 'r' }],
		['0.32.0', { reasoning: 'r' }],
	])('reads reasoning from vLLM %s', async (version, fields) => {
		await start({ version, reasoning: 'r' });
		const result = await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi', includeRaw: true });
		const message = (result.raw as { choices: Array<{ message: Record<string, unknown> }> }).choices[0].message;
		for (const name of ['reasoning', 'reasoning_content']) expect(message[name]).toEqual((fields as Record<string, string>)[name]);
		expect(result.reasoning).toBe('r');
	});

	describe('structured output', () => {
		const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } };

		it.each([
			['0.32.0', 'structured_outputs'],
			['0.11.0', 'structured_outputs'],
			['0.10.1', 'guided_json'],
		])('auto on vLLM %s sends %s and parses the JSON', async (version, field) => {
			await start({ version });
			const result = await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'trip', jsonSchema: schema });
			expect(result.structuredOutputField).toBe(field);
			expect(result.structuredOutput).toEqual({ city: 'x', days: 1 });
			expect(lastBody('/v1/chat/completions')).toHaveProperty(field);
		});

		it('legacy guided_json on v0.12+ is ignored by the server: the output is then not JSON', async () => {
			await start({ version: '0.12.0' });
			const result = await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'trip', jsonSchema: schema, structuredOutputMode: 'legacy' });
			expect(result.structuredOutputField).toBe('guided_json');
			expect(result.structuredOutput).toBeNull();
		});

		it('auto on a server without /version sends response_format', async () => {
			await start({ flavor: 'llama-server' });
			const result = await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'trip', jsonSchema: schema });
			expect(result.structuredOutputField).toBe('response_format');
			expect(result.structuredOutput).toEqual({ city: 'x', days: 1 });
		});
	});

	describe('adapters', () => {
		it('loads a missing adapter once for many concurrent generations', async () => {
			await start({ latencyMs: [5, 30], loadLatencyMs: 50 });
			const vllm = client();
			const results = await Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					vllm.generate({ model: 'sql', adapterPath: '/models/lora/sql', mode: 'chat', prompt: `q${i}` }),
				),
			);
			expect(fake.count('POST', '/v1/load_lora_adapter')).toBe(1);
			expect(lastBody('/v1/load_lora_adapter')).toEqual({ lora_name: 'sql', lora_path: '/models/lora/sql' });
			expect(results.map((result) => result.text)).toEqual(Array.from({ length: 12 }, (_, i) => `[sql] q${i}`));
			expect(results.every((result) => result.adapter === 'sql' && result.baseModel === 'Qwen/Qwen3-8B')).toBe(true);
			expect(results[0].adapterLoad).toBe('loaded');
			expect(fake.loadedAdapters().map((adapter) => adapter.name)).toEqual(['sql']);
		});

		it('two clients (two executions) racing still cause one load', async () => {
			await start({ loadLatencyMs: 50 });
			const [a, b] = await Promise.all([
				client().ensureAdapter('sql', '/models/lora/sql'),
				client().ensureAdapter('sql', '/models/lora/sql'),
			]);
			expect([a, b]).toEqual(['loaded', 'loaded']);
			expect(fake.count('POST', '/v1/load_lora_adapter')).toBe(1);
		});

		it('does not load an adapter that is already listed', async () => {
			await start({ adapters: [{ name: 'sql', path: '/models/lora/sql' }] });
			expect(await client().ensureAdapter('sql', '/models/lora/sql')).toBe('present');
			expect(fake.count('POST', '/v1/load_lora_adapter')).toBe(0);
		});

		it.each(['0.10.0', '0.32.0'])('treats "already loaded" (vLLM %s wording) as success', async (version) => {
			await start({ version, adapters: [{ name: 'sql', path: '/models/lora/sql' }] });
			const result = await client().loadLoraAdapter({ name: 'sql', path: '/models/lora/sql' });
			expect(result.status).toBe('already-loaded');
			expect(result.serverMessage).toContain('has already been loaded');
		});

		it('returns the plain-text success of load and unload', async () => {
			await start();
			const vllm = client();
			const loaded = await vllm.loadLoraAdapter({ name: 'sql', path: '/models/lora/sql' });
			expect(loaded).toEqual({ adapter: 'sql', path: '/models/lora/sql', status: 'loaded', serverMessage: "Success: LoRA adapter 'sql' added successfully." });
			const unloaded = await vllm.unloadLoraAdapter({ name: 'sql' });
			expect(unloaded.status).toBe('unloaded');
			expect(unloaded.serverMessage).toBe("Success: LoRA adapter 'sql' removed successfully.");
			expect(fake.loadedAdapters()).toEqual([]);
		});

		it('replace unloads first, then loads', async () => {
			await start({ adapters: [{ name: 'sql', path: '/models/lora/sql-v1' }] });
			const result = await client().loadLoraAdapter({ name: 'sql', path: '/models/lora/sql-v2', replace: true });
			expect(result.status).toBe('replaced');
			expect(fake.loadedAdapters()[0].path).toBe('/models/lora/sql-v2');
			expect(fake.requests.map((request) => request.path)).toEqual(['/v1/unload_lora_adapter', '/v1/load_lora_adapter']);
		});

		it('refuses a path outside the allow-list before sending anything', async () => {
			await start();
			const error = await failure(client().generate({ model: 'x', adapterPath: '/etc/secrets', mode: 'chat', prompt: 'hi' }));
			expect(error.kind).toBe('input');
			expect(error.message).toContain('outside the allowed prefixes');
			const traversal = await failure(client().loadLoraAdapter({ name: 'x', path: '/models/lora/../../etc' }));
			expect(traversal.message).toContain('..');
			expect(fake.requests).toHaveLength(0);
		});

		it('says how to turn runtime LoRA on when the route is missing on vLLM', async () => {
			await start({ runtimeLora: false });
			const error = await failure(client().loadLoraAdapter({ name: 'sql', path: '/models/lora/sql' }));
			expect(error.kind).toBe('unsupported');
			expect(error.message).toContain('runtime LoRA loading turned off');
			expect(error.hint).toContain('VLLM_ALLOW_RUNTIME_LORA_UPDATING=True');
			expect(error.hint).toContain('--enable-lora');
		});

		it.each(['llama-server', 'transformers-serve'] as const)('on %s: generation works, adapter operations say there is no such endpoint', async (flavor) => {
			await start({ flavor });
			const vllm = client();
			const result = await vllm.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hello' });
			expect(result.text).toBe('[Qwen/Qwen3-8B] hello');
			const load = await failure(vllm.loadLoraAdapter({ name: 'sql', path: '/models/lora/sql' }));
			expect(load.kind).toBe('unsupported');
			expect(load.message).toContain('has no /v1/load_lora_adapter endpoint');
			expect(load.message).toContain('does not look like vLLM');
			const unload = await failure(vllm.unloadLoraAdapter({ name: 'sql' }));
			expect(unload.message).toContain('has no /v1/unload_lora_adapter endpoint');
			expect((await vllm.listModels()).adapters).toEqual([]);
		});

		it('explains a path with no adapter and an unknown unload', async () => {
			await start({ existingAdapterPaths: ['/models/lora/sql'] });
			const load = await failure(client().loadLoraAdapter({ name: 'nope', path: '/models/lora/nope' }));
			expect(load.httpStatus).toBe(404);
			expect(load.message).toContain('found no LoRA adapter at "/models/lora/nope"');
			const unload = await failure(client().unloadLoraAdapter({ name: 'nope' }));
			expect(unload.message).toContain('no loaded adapter named "nope"');
		});
	});

	describe('errors', () => {
		it.each(['0.32.0', '0.9.2'])('unknown model on vLLM %s lists what the server has', async (version) => {
			await start({ version, adapters: [{ name: 'sql', path: '/models/lora/sql', parent: 'Qwen/Qwen3-8B' }] });
			const error = await failure(client().generate({ model: 'gpt-4', mode: 'chat', prompt: 'hi' }));
			expect(error.httpStatus).toBe(404);
			expect(error.message).toContain('no model or adapter named "gpt-4"');
			expect(error.hint).toContain('Qwen/Qwen3-8B');
			expect(error.hint).toContain('sql (on Qwen/Qwen3-8B)');
			expect(error.serverMessage).toBe('The model `gpt-4` does not exist.');
		});

		it.each(['0.32.0', '0.9.2'])('context too long on vLLM %s names the limit (nested and flat bodies)', async (version) => {
			await start({ version, baseModels: [{ id: 'm', maxModelLen: 8 }] });
			const error = await failure(client().generate({ model: 'm', mode: 'chat', prompt: 'one two three four five six seven eight nine' }));
			expect(error.httpStatus).toBe(400);
			expect(error.message).toContain('maximum context length is 8 tokens');
			expect(error.hint).toContain('Max Tokens');
		});

		it('401 says to set the key, and the key never shows', async () => {
			await start({ apiKey: 'sk-secret-123456' });
			const missing = await failure(client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(missing.httpStatus).toBe(401);
			expect(missing.hint).toContain('--api-key');
			const wrong = await failure(client({ apiKey: 'sk-wrong-999999' }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(JSON.stringify({ m: wrong.message, h: wrong.hint, s: wrong.serverMessage })).not.toContain('sk-wrong-999999');
			const ok = await client({ apiKey: 'sk-secret-123456' }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' });
			expect(ok.text).toBe('[Qwen/Qwen3-8B] hi');
			expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-secret-123456');
		});

		it('retries a 429 after its Retry-After, and a 503', async () => {
			await start({ failures: [{ kind: 'status', status: 429, retryAfterS: 1, path: '/v1/chat/completions' }, { kind: 'status', status: 503, path: '/v1/chat/completions' }] });
			const started = Date.now();
			const result = await client({ retries: 3 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' });
			expect(result.text).toBe('[Qwen/Qwen3-8B] hi');
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expect(fake.count('POST', '/v1/chat/completions')).toBe(3);
		});

		it('gives up after the retries with the server status', async () => {
			await start({ failures: [{ kind: 'status', status: 503, times: 5 }] });
			const error = await failure(client({ retries: 1 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(error.httpStatus).toBe(503);
			expect(fake.count('POST', '/v1/chat/completions')).toBe(2);
		});

		it('retries a connection reset, not a malformed body', async () => {
			await start({ failures: [{ kind: 'reset', path: '/v1/chat/completions' }] });
			expect((await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' })).text).toContain('hi');
			fake.setOptions({ failures: [{ kind: 'malformed', path: '/v1/chat/completions' }] });
			const error = await failure(client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(error.kind).toBe('protocol');
		});

		it('a connection cut in the middle of the answer is retried, then reported as the server dying mid-answer', async () => {
			await start({ failures: [{ kind: 'reset-mid-body', path: '/v1/chat/completions' }] });
			expect((await client().generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' })).text).toContain('hi');
			expect(fake.count('POST', '/v1/chat/completions')).toBe(2);
			fake.setOptions({ failures: [{ kind: 'reset-mid-body', path: '/v1/chat/completions', times: 3 }] });
			const error = await failure(client({ retries: 1 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(error.kind).toBe('unreachable');
			expect(error.message).toMatch(/closed the connection in the middle of its answer to POST \/v1\/chat\/completions/);
			expect(error.hint).toMatch(/crashed or restarted/);
			expect(fake.count('POST', '/v1/chat/completions')).toBe(4);
		});

		it('times out a hung request', async () => {
			await start({ failures: [{ kind: 'hang', path: '/v1/chat/completions' }] });
			const error = await failure(client({ timeoutMs: 200, retries: 0 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' }));
			expect(error.kind).toBe('unreachable');
			expect(error.message).toContain('did not answer');
		});

		it('cancels an in-flight request on abort', async () => {
			await start({ failures: [{ kind: 'hang', path: '/v1/chat/completions' }] });
			const controller = new AbortController();
			setTimeout(() => controller.abort(), 100);
			const started = Date.now();
			const error = await failure(client({ timeoutMs: 0 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi', signal: controller.signal }));
			expect(error.kind).toBe('cancelled');
			expect(Date.now() - started).toBeLessThan(2000);
		});

		it('says the server is unreachable at a closed port', async () => {
			await start();
			const url = await closedPortUrl();
			const error = await failure(new VllmClient({ baseUrl: url, retries: 1, retryBaseDelayMs: 5 }).generate({ model: 'm', mode: 'chat', prompt: 'hi' }));
			expect(error.kind).toBe('unreachable');
			expect(error.hint).toContain(`vLLM running at ${url}`);
		});
	});
});
