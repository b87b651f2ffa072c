/**
 * The sub-nodes' model inside the SDK's real LangChain adapter (@n8n/ai-utilities 0.34.1, as n8n 2.41.1 ships it): what
 * n8n's AI Agent gets. Checks what only shows through the adapter: parallel streamed tool calls stay apart although the
 * adapter tags every piece index 0, the agent's bindTools tool_choice reaches the server, reasoning is not content.
 */
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { mock } from 'jest-mock-extended';
import { NodeApiError, type INode, type ISupplyDataFunctions } from 'n8n-workflow';
import { createVllmChatEngine } from '../../../lib/chat';
import { OverlayChatModel } from '../../../nodes/chat/OverlayChatModel';
import { supplyChatModel } from '../../../nodes/chat/supplyChatModel';
import { startVllmFake, type VllmFake } from '../../fakes/vllmServer';
import { QUESTION } from './fixtures';

interface Adapter {
	bindTools(tools: unknown[], kwargs?: { tool_choice?: unknown }): Adapter;
	invoke(messages: unknown[]): Promise<AIMessage>;
	stream(messages: unknown[]): Promise<AsyncIterable<AIMessageChunk>>;
}

const node: INode = { id: 'm', name: 'vLLM Chat Model', type: 'n8n-nodes-overlay-agi.lmChatVllm', typeVersion: 1, position: [0, 0], parameters: {} };
const tools = ['Detect_GPU', 'Pick_Quant_Format'].map((name) => ({
	type: 'function',
	function: { name, description: name, parameters: { type: 'object', properties: { gpu: { type: 'string' } } } },
}));

let fake: VllmFake;

// The first use of the SDK loads LangChain, which alone takes seconds on a busy machine.
jest.setTimeout(30_000);

function adapter(): Adapter {
	const ctx = mock<ISupplyDataFunctions>();
	ctx.getNode.mockReturnValue(node);
	ctx.addInputData.mockReturnValue({ index: 0 });
	ctx.getNextRunIndex.mockReturnValue(0);
	const engine = createVllmChatEngine({ baseUrl: fake.url, model: 'Qwen/Qwen3-8B', sampling: {}, toolChoice: 'auto', splitThinkTags: true, timeoutMs: 10_000, retries: 0 });
	return supplyChatModel(ctx, new OverlayChatModel('vllm', engine, node)).response as Adapter;
}

beforeEach(async () => {
	fake = await startVllmFake({
		toolCalling: { parser: 'hermes' },
		reasoning: 'Both tools at once.',
		chatScript: (turn) =>
			turn.toolResults.length === 0
				? { toolCalls: [{ name: 'Detect_GPU', arguments: { gpu: 'rtx-5090' } }, { name: 'Pick_Quant_Format', arguments: { gpu: 'two rtx-5090' } }] }
				: { content: `Answer from ${turn.toolResults.join(' + ')}` },
	});
});

afterEach(async () => {
	await fake.close();
});

test('two tool calls streamed in pieces come out of the adapter as two calls with their own arguments', async () => {
	let merged: AIMessageChunk | undefined;
	for await (const chunk of await adapter().bindTools(tools).stream([new HumanMessage(QUESTION)])) merged = merged ? merged.concat(chunk) : chunk;
	expect(merged?.tool_calls?.map((call) => [call.name, call.args])).toEqual([
		['Detect_GPU', { gpu: 'rtx-5090' }],
		['Pick_Quant_Format', { gpu: 'two rtx-5090' }],
	]);
	expect(new Set(merged?.tool_calls?.map((call) => call.id)).size).toBe(2);
});

test("a whole answer: tool calls in tool_calls, reasoning in the metadata, and the agent's tool_choice 'any' sent as 'required'", async () => {
	const first = await adapter().bindTools(tools, { tool_choice: 'any' }).invoke([new HumanMessage(QUESTION)]);
	expect(fake.requests.at(-1)?.body).toMatchObject({ tool_choice: 'required' });
	expect(first.tool_calls?.map((call) => call.name)).toEqual(['Detect_GPU', 'Pick_Quant_Format']);
	expect(first.response_metadata).toMatchObject({ reasoning: 'Both tools at once.', model_name: 'Qwen/Qwen3-8B' });
	expect(JSON.stringify(first.content)).not.toMatch(/Both tools/);

	const results = (first.tool_calls ?? []).map((call, index) => new ToolMessage({ content: `result ${index}`, tool_call_id: call.id ?? '' }));
	const answer = await adapter().bindTools(tools).invoke([new HumanMessage(QUESTION), first, ...results]);
	expect(answer.text).toBe('Answer from result 0 + result 1');
	expect(fake.requests.at(-1)?.body).toMatchObject({ tool_choice: 'auto' });
	expect(JSON.stringify((fake.requests.at(-1)?.body as { messages: unknown[] }).messages)).not.toMatch(/Both tools/);
});

test('a server error reaches n8n as a NodeApiError with the fix as its description', async () => {
	fake.setOptions({ toolCalling: undefined });
	const error = await adapter().bindTools(tools).invoke([new HumanMessage(QUESTION)]).catch((caught: unknown) => caught);
	// The agent keeps only the message in its error output and only the description in a streamed chat: both carry the fix.
	expect(error).toBeInstanceOf(NodeApiError);
	expect((error as NodeApiError).message).toMatch(/started without --enable-auto-tool-choice and --tool-call-parser\. Restart vLLM with --enable-auto-tool-choice --tool-call-parser/);
	expect((error as NodeApiError).description).toMatch(/^Restart vLLM with --enable-auto-tool-choice --tool-call-parser/);
});
