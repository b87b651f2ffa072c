/** The LM Studio chat engine against the LM Studio fake: tool use in LM Studio's format, streaming, JIT TTL, errors. */
import { createLmStudioChatEngine, type LmStudioChatOptions } from '../../../lib/chat';
import { startLmStudioFake, type LmStudioFake, type LmStudioFakeOptions } from '../../fakes/lmStudioServer';
import { failure } from '../../failure';
import { collect, gpuTool, planTool, question, textOf, twoRoundScript, withToolRound } from './fixtures';

let fake: LmStudioFake;

async function start(options: LmStudioFakeOptions = {}): Promise<LmStudioFake> {
	fake = await startLmStudioFake({ chatScript: twoRoundScript, ...options });
	return fake;
}

function engine(options: Partial<LmStudioChatOptions> = {}) {
	return createLmStudioChatEngine({ baseUrl: fake.url, model: 'openai/gpt-oss-20b', sampling: {}, toolChoice: 'auto', splitThinkTags: true, timeoutMs: 10_000, retries: 0, ...options });
}

const chatBodies = () => fake.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as Record<string, any>);

afterEach(async () => {
	await fake?.close();
});

describe('LM Studio chat engine', () => {
	test('tool calls with LM Studio ids over two rounds; reasoning stays out of the text and out of what is sent back', async () => {
		await start();
		const chat = engine({ reasoningEffort: 'low', ttlSeconds: 300, sampling: { repetitionPenalty: 1.1 } });
		const tools = [gpuTool, planTool];
		const first = await chat.generate(question, { tools });
		expect(first).toMatchObject({ text: '', reasoning: 'I need the GPUs first.', finishReason: 'tool-calls', serverFinishReason: 'tool_calls' });
		expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^\d{9}$/), name: 'Detect_GPU', arguments: '{"gpu":"rtx-5090","count":2}' }]);
		const afterOne = withToolRound(question, first.toolCalls, ['2 GPUs']);
		const second = await chat.generate(afterOne, { tools });
		const answer = await chat.generate(withToolRound(afterOne, second.toolCalls, ['fits in MXFP4']), { tools });
		expect(answer).toMatchObject({ text: 'Yes: fits in MXFP4', reasoning: 'The plan fits.' });
		const [body] = chatBodies();
		expect(body).toMatchObject({ model: 'openai/gpt-oss-20b', ttl: 300, reasoning_effort: 'low', repeat_penalty: 1.1, tool_choice: 'auto' });
		expect(chatBodies().every((sent) => !JSON.stringify(sent.messages).includes('reasoning'))).toBe(true);
	});

	test('streamed tool calls: the id and name come first, then argument pieces, each piece tagged with the id', async () => {
		await start({ reasoningField: 'reasoning_content' });
		const chunks = await collect(engine().stream(question, { tools: [gpuTool] }));
		expect(textOf(chunks, 'reasoning-delta')).toBe('I need the GPUs first.');
		const pieces = chunks.flatMap((chunk) => (chunk.type === 'tool-call-delta' ? [chunk] : []));
		expect(pieces[0]).toEqual({ type: 'tool-call-delta', id: expect.stringMatching(/^\d{9}$/), name: 'Detect_GPU' });
		expect(new Set(pieces.map((piece) => piece.id)).size).toBe(1);
		expect(pieces.map((piece) => piece.argumentsDelta ?? '').join('')).toBe('{"gpu":"rtx-5090","count":2}');
		expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls', usage: { promptTokens: expect.any(Number) } });
	});

	test('LM Studio 0.3.5 sends no usage event; the stream still ends with a finish', async () => {
		await start({ version: '0.3.5', chatScript: () => ({ content: 'Hello there' }) });
		const chunks = await collect(engine().stream(question, { tools: [] }));
		expect(textOf(chunks, 'text-delta')).toBe('Hello there');
		expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
	});

	test('a crash in the middle of a stream, a missing token and a model that is not loaded (JIT off) each say what to do', async () => {
		await start({ chatScript: () => ({ content: 'one two three four' }), failures: [{ kind: 'mid-stream-error', afterEvents: 2, path: '/v1/chat/completions' }] });
		const crashed = await failure(collect(engine().stream(question, { tools: [] })));
		expect(crashed.message).toMatch(/^LM Studio stopped its streamed answer with an error: The model crashed inside LM Studio/);
		expect(crashed.hint).toMatch(/Reload the model/);

		await fake.close();
		fake = await startLmStudioFake({ apiToken: 'sk-lm-secret1', jit: false });
		const noToken = await failure(engine().generate(question, { tools: [] }));
		expect(noToken.message).toMatch(/requires an API token/);
		const unloaded = await failure(engine({ apiToken: 'sk-lm-secret1', model: 'meta-llama-3.1-8b-instruct' }).generate(question, { tools: [] }));
		expect(unloaded.message).toMatch(/no model loaded|No models loaded/);
	});

	test("'required' forces a call with the llama.cpp engine (GGUF); an MLX model decides as with auto", async () => {
		await start({ chatScript: () => ({ content: 'no tool needed' }) });
		const gguf = await engine({ toolChoice: 'required' }).generate(question, { tools: [gpuTool] });
		expect(gguf.toolCalls.map((call) => call.name)).toEqual(['Detect_GPU']);
		const mlx = await engine({ toolChoice: 'required', model: 'qwen2-vl-7b-instruct' }).generate(question, { tools: [gpuTool] });
		expect(mlx).toMatchObject({ toolCalls: [], text: 'no tool needed' });
	});
});
