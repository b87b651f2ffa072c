/** What the chat engine tests share: a conversation, a tool, a scripted two-round agent model, and stream collection. */
import type { ChatMessage, ChatTool, StreamChunk } from '../../../lib/chat';
import type { FakeChatScript } from '../../fakes/chatScript';

export const QUESTION = 'Can I run gpt-oss-120b on two RTX 5090s?';

export const question: ChatMessage[] = [
	{ role: 'system', content: [{ type: 'text', text: 'Use the tools.' }] },
	{ role: 'user', content: [{ type: 'text', text: QUESTION }] },
];

export const gpuTool: ChatTool = {
	name: 'Detect_GPU',
	description: 'Lists GPUs from the catalog',
	parameters: { type: 'object', properties: { gpu: { type: 'string' }, count: { type: 'number' } }, required: ['gpu', 'count'] },
};

export const planTool: ChatTool = {
	name: 'Pick_Quant_Format',
	description: 'Recommends a format',
	parameters: { type: 'object', properties: { model: { type: 'string' } }, required: ['model'] },
};

/** Round 1 calls the GPU tool, round 2 the planner, then it answers quoting the last tool result. */
export const twoRoundScript: FakeChatScript = (turn) => {
	if (turn.toolResults.length === 0) return { reasoning: 'I need the GPUs first.', toolCalls: [{ name: 'Detect_GPU', arguments: { gpu: 'rtx-5090', count: 2 } }] };
	if (turn.toolResults.length === 1) return { toolCalls: [{ name: 'Pick_Quant_Format', arguments: { model: 'openai/gpt-oss-120b' } }] };
	return { reasoning: 'The plan fits.', content: `Yes: ${turn.toolResults[1]}` };
};

/** The conversation after the model's tool calls and the tools' results, as the agent replays it. */
export function withToolRound(messages: ChatMessage[], calls: Array<{ id: string; name: string; arguments: string }>, results: string[]): ChatMessage[] {
	return [
		...messages,
		{ role: 'assistant', content: [{ type: 'reasoning', text: 'earlier reasoning' }, ...calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.arguments }))] },
		{ role: 'tool', content: calls.map((call, index) => ({ type: 'tool-result' as const, toolCallId: call.id, result: results[index] })) },
	];
}

export async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
	const chunks: StreamChunk[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return chunks;
}

export function textOf(chunks: StreamChunk[], type: 'text-delta' | 'reasoning-delta'): string {
	return chunks.map((chunk) => (chunk.type === type ? chunk.delta : '')).join('');
}
