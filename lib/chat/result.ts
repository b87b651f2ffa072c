/** The answer in the SDK's GenerateResult shape: text and tool calls as content, reasoning and timing as metadata only. */
import type { ChatAnswerWithTiming } from './chatEngine';
import type { ChatContent, GenerateResult } from './types';

export function toGenerateResult(answer: ChatAnswerWithTiming, metadata: Record<string, unknown> = {}): GenerateResult {
	const content: ChatContent[] = [];
	if (answer.text !== '') content.push({ type: 'text', text: answer.text });
	for (const call of answer.toolCalls) content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments });
	const result: GenerateResult = {
		finishReason: answer.finishReason,
		message: { role: 'assistant', content, ...(answer.id ? { id: answer.id } : {}) },
		// Shown in the model's log in the editor; never part of the text the agent answers with or sends back.
		providerMetadata: {
			model_name: answer.model,
			finish_reason: answer.serverFinishReason,
			...(answer.reasoning ? { reasoning: answer.reasoning } : {}),
			latencyMs: answer.latencyMs,
			...metadata,
		},
	};
	if (answer.id) result.id = answer.id;
	if (answer.usage) result.usage = answer.usage;
	return result;
}
