/** The vLLM chat engine against the vLLM fake: tool rounds, tool_choice rules, streaming, adapters, errors. */
import { createVllmChatEngine, type VllmChatOptions } from '../../../lib/chat';
import { startTestProxy } from '../../fakes/proxyServer';
import { startVllmFake, type VllmFake, type VllmFakeOptions } from '../../fakes/vllmServer';
import { failure } from '../../failure';
import { collect, gpuTool, planTool, question, textOf, twoRoundScript, withToolRound } from './fixtures';

let fake: VllmFake;

async function start(options: Partial<VllmFakeOptions> = {}): Promise<VllmFake> {
	fake = await startVllmFake({ toolCalling: { parser: 'hermes' }, chatScript: twoRoundScript, ...options });
	return fake;
}

function engine(options: Partial<VllmChatOptions> = {}) {
	return createVllmChatEngine({
		baseUrl: fake.url,
		model: 'Qwen/Qwen3-8B',
		sampling: {},
		toolChoice: 'auto',
		splitThinkTags: true,
		timeoutMs: 10_000,
		retries: 0,
		allowedAdapterPaths: '/models/lora',
		...options,
	});
}

const chatBodies = () => fake.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as Record<string, any>);

afterEach(async () => {
	await fake?.close();
});

describe('vLLM chat engine', () => {
	test('two tool rounds, then an answer built from the tool results; reasoning never in the text nor sent back', async () => {
		await start();
		const chat = engine();
		const tools = [gpuTool, planTool];
		const first = await chat.generate(question, { tools });
		expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^chatcmpl-tool-[0-9a-f]{32}$/), name: 'Detect_GPU', arguments: '{"gpu":"rtx-5090","count":2}' }]);
		expect(first).toMatchObject({ text: '', reasoning: 'I need the GPUs first.', finishReason: 'tool-calls', serverFinishReason: 'tool_calls' });

		const afterOne = withToolRound(question, first.toolCalls, ['2 x RTX 5090, 32 GB each']);
		const second = await chat.generate(afterOne, { tools });
		expect(second.toolCalls.map((call) => call.name)).toEqual(['Pick_Quant_Format']);

		const afterTwo = withToolRound(afterOne, second.toolCalls, ['MXFP4 with vLLM, tensor parallel 2: fits']);
		const answer = await chat.generate(afterTwo, { tools });
		expect(answer).toMatchObject({ text: 'Yes: MXFP4 with vLLM, tensor parallel 2: fits', reasoning: 'The plan fits.', toolCalls: [], finishReason: 'stop' });
		expect(answer.usage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) });

		const bodies = chatBodies();
		expect(bodies).toHaveLength(3);
		for (const body of bodies) {
			expect(body.tool_choice).toBe('auto');
			expect(body.tools.map((tool: any) => tool.function.name)).toEqual(['Detect_GPU', 'Pick_Quant_Format']);
			expect(JSON.stringify(body.messages)).not.toMatch(/reasoning/);
		}
		expect(bodies[2].messages.filter((message: any) => message.role === 'tool').map((message: any) => message.tool_call_id)).toEqual([first.toolCalls[0].id, second.toolCalls[0].id]);
	});

	test('a server started without --enable-auto-tool-choice: the error says which flags to add', async () => {
		await start({ toolCalling: undefined });
		const error = await failure(engine().generate(question, { tools: [gpuTool] }));
		expect(error.httpStatus).toBe(400);
		expect(error.message).toMatch(/started without --enable-auto-tool-choice and --tool-call-parser/);
		expect(error.hint).toMatch(/--enable-auto-tool-choice --tool-call-parser <parser> \(hermes for Qwen/);
	});

	test("without tools no tool fields are sent; the agent's 'any' arrives as 'required'; required-first goes back to auto", async () => {
		await start({ toolCalling: undefined });
		const plain = await engine().generate(question, { tools: [] });
		expect(plain.toolCalls).toEqual([]);
		expect(chatBodies()[0]).not.toHaveProperty('tools');
		expect(chatBodies()[0]).not.toHaveProperty('tool_choice');

		// 'required' is served by structured outputs, without the auto-tool flags (and vLLM then says "stop").
		const forced = await engine().generate(question, { tools: [gpuTool], requestedToolChoice: 'any' });
		expect(chatBodies()[1].tool_choice).toBe('required');
		expect(forced).toMatchObject({ finishReason: 'tool-calls', serverFinishReason: 'stop' });

		await engine({ toolChoice: 'required-first' }).generate(question, { tools: [gpuTool] });
		expect(chatBodies()[2].tool_choice).toBe('required');
		const second = await failure(engine({ toolChoice: 'required-first' }).generate(withToolRound(question, forced.toolCalls, ['ok']), { tools: [gpuTool] }));
		expect(chatBodies()[3].tool_choice).toBe('auto');
		expect(second.message).toMatch(/--enable-auto-tool-choice/);
	});

	test('streaming: reasoning and text apart, tool-call pieces all carry their call id, usage at the end', async () => {
		await start({ version: '0.16.0' });
		const chat = engine();
		const chunks = await collect(chat.stream(question, { tools: [gpuTool] }));
		const body = chatBodies()[0];
		expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
		expect(textOf(chunks, 'reasoning-delta')).toBe('I need the GPUs first.');
		expect(textOf(chunks, 'text-delta')).toBe('');
		const pieces = chunks.filter((chunk) => chunk.type === 'tool-call-delta');
		expect(pieces.length).toBeGreaterThan(2);
		const ids = new Set(pieces.map((piece) => (piece.type === 'tool-call-delta' ? piece.id : '')));
		expect(ids.size).toBe(1);
		expect(pieces[0]).toMatchObject({ name: 'Detect_GPU' });
		expect(pieces.map((piece) => (piece.type === 'tool-call-delta' ? (piece.argumentsDelta ?? '') : '')).join('')).toBe('{"gpu":"rtx-5090","count":2}');
		expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls', usage: expect.objectContaining({ promptTokens: expect.any(Number) }) });

		const afterTools = withToolRound(withToolRound(question, [{ id: 'a', name: 'Detect_GPU', arguments: '{}' }], ['gpus']), [{ id: 'b', name: 'Pick_Quant_Format', arguments: '{}' }], ['fits']);
		const answer = await collect(chat.stream(afterTools, { tools: [gpuTool] }));
		expect(textOf(answer, 'text-delta')).toBe('Yes: fits');
		expect(answer.filter((chunk) => chunk.type === 'text-delta').length).toBeGreaterThan(1);
	});

	test('reasoning under the old name (vLLM 0.10) and <think> blocks left in the text are both kept out of the answer', async () => {
		await start({ version: '0.10.0', chatScript: () => ({ content: 'SELECT 1;', reasoning: 'SQL wanted.' }) });
		expect(await engine().generate(question, { tools: [] })).toMatchObject({ text: 'SELECT 1;', reasoning: 'SQL wanted.' });
		fake.setOptions({ chatScript: () => ({ content: '<think>SQL wanted.</think>\n\nSELECT 1;' }) });
		expect(await engine().generate(question, { tools: [] })).toMatchObject({ text: 'SELECT 1;', reasoning: 'SQL wanted.' });
		const streamed = await collect(engine().stream(question, { tools: [] }));
		expect(textOf(streamed, 'text-delta')).toBe('SELECT 1;');
		expect(textOf(streamed, 'reasoning-delta')).toBe('SQL wanted.');
		expect(await engine({ splitThinkTags: false }).generate(question, { tools: [] })).toMatchObject({ text: '<think>SQL wanted.</think>\n\nSELECT 1;', reasoning: null });
	});

	test('an error in the middle of a stream is reported with what the server said; a cut stream says the server went away', async () => {
		await start({
			chatScript: () => ({ content: 'gpt-oss-120b needs about 65 GB for its weights' }),
			failures: [{ kind: 'mid-stream-error', afterEvents: 3, path: '/v1/chat/completions', message: 'CUDA out of memory. Tried to allocate 2.00 GiB' }],
		});
		const chat = engine();
		const seen: string[] = [];
		const error = await failure(
			(async () => {
				for await (const chunk of chat.stream(question, { tools: [] })) if (chunk.type === 'text-delta') seen.push(chunk.delta);
			})(),
		);
		expect(seen.length).toBeGreaterThan(0);
		expect(error.message).toBe('vLLM stopped its streamed answer with an error: CUDA out of memory. Tried to allocate 2.00 GiB');
		expect(error.hint).toMatch(/answer so far was cut off.*log/);

		fake.setOptions({ failures: [{ kind: 'mid-stream-cut', afterEvents: 2, path: '/v1/chat/completions' }] });
		const cut = await failure(collect(chat.stream(question, { tools: [] })));
		expect(cut.kind).toBe('unreachable');
		expect(cut.message).toMatch(/closed the connection in the middle of its streamed answer/);
	});

	test('an adapter named in the chat is loaded once for many chats starting together, through the allow-list', async () => {
		await start({ loadLatencyMs: 150 });
		const chats = Array.from({ length: 6 }, () => engine({ model: 'sql-lora', adapterPath: '/models/lora/sql' }));
		const answers = await Promise.all(chats.map((chat) => chat.generate(question, { tools: [] })));
		expect(answers.every((answer) => answer.model === 'sql-lora')).toBe(true);
		expect(fake.count('POST', '/v1/load_lora_adapter')).toBe(1);
		const refused = await failure(engine({ model: 'evil', adapterPath: '/etc/evil' }).generate(question, { tools: [] }));
		expect(refused.kind).toBe('input');
		expect(fake.requests.some((request) => (request.body as any)?.lora_name === 'evil')).toBe(false);
	});

	test('an unknown model lists what the server has; the API key never appears in an error', async () => {
		await start({ apiKey: 'sk-secret-key-123', adapters: [{ name: 'sql', path: '/models/lora/sql' }] });
		const unknown = await failure(engine({ apiKey: 'sk-secret-key-123', model: 'nope' }).generate(question, { tools: [] }));
		expect(unknown.message).toMatch(/has no model or adapter named "nope"/);
		expect(unknown.hint).toMatch(/base models: Qwen\/Qwen3-8B; adapters: sql \(on Qwen\/Qwen3-8B\)/);
		const wrongKey = await failure(engine({ apiKey: 'sk-wrong-key-456' }).generate(question, { tools: [] }));
		expect(wrongKey.httpStatus).toBe(401);
		fake.setOptions({ failures: [{ kind: 'mid-stream-error', afterEvents: 1, message: 'proxy echoed Bearer sk-secret-key-123' }] });
		const echoed = await failure(collect(engine({ apiKey: 'sk-secret-key-123' }).stream(question, { tools: [] })));
		expect(JSON.stringify([unknown, wrongKey, echoed].map((e) => [e.message, e.hint, e.serverMessage]))).not.toMatch(/sk-secret-key-123|sk-wrong-key-456/);
	});

	test('whole and streamed chats go through HTTP_PROXY like every request of the pack', async () => {
		await start({ chatScript: () => ({ content: 'through the proxy' }) });
		const proxy = await startTestProxy();
		const names = ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'npm_config_proxy', 'npm_config_http_proxy', 'npm_config_no_proxy'];
		const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
		for (const name of names) delete process.env[name];
		process.env.HTTP_PROXY = proxy.url;
		try {
			const chat = engine();
			expect((await chat.generate(question, { tools: [] })).text).toBe('through the proxy');
			expect(textOf(await collect(chat.stream(question, { tools: [] })), 'text-delta')).toBe('through the proxy');
			expect(proxy.requests.filter((request) => request.target === `${fake.url}/v1/chat/completions`)).toHaveLength(2);
		} finally {
			for (const [name, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
			await proxy.close();
		}
	});
});
