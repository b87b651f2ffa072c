/** The `/v1/chat/completions` body a chat model sends: messages, tools and tool choice, sampling, reasoning effort. */
import { samplingToBody, type SamplingDialect, type SamplingOptions } from '../clients/openaiCompatible';
import type { WireToolChoice } from './toolChoice';
import type { ChatTool } from './types';
import type { WireMessage } from './wireMessages';

export type ReasoningEffort = 'low' | 'medium' | 'high';

export interface ChatBodyInput {
	model: string;
	messages: WireMessage[];
	tools: ChatTool[];
	toolChoice: WireToolChoice | undefined;
	sampling: SamplingOptions;
	dialect: SamplingDialect;
	reasoningEffort?: ReasoningEffort;
	stream: boolean;
	/** Server-specific fields, merged last (LM Studio's `ttl`). */
	extra?: Record<string, unknown>;
}

export function buildChatBody(input: ChatBodyInput): Record<string, unknown> {
	const body: Record<string, unknown> = { model: input.model, messages: input.messages, ...samplingToBody(input.sampling, input.dialect) };
	// Never an empty `tools` list or a `tool_choice` without tools: recent vLLM answers both with HTTP 400.
	if (input.tools.length > 0) {
		body.tools = input.tools.map((tool) => ({
			type: 'function',
			function: {
				name: tool.name,
				...(tool.description ? { description: tool.description } : {}),
				parameters: tool.parameters,
				...(tool.strict !== undefined ? { strict: tool.strict } : {}),
			},
		}));
		if (input.toolChoice !== undefined) body.tool_choice = input.toolChoice;
	}
	if (input.reasoningEffort) body.reasoning_effort = input.reasoningEffort;
	if (input.stream) {
		body.stream = true;
		// One last chunk with the token counts (vLLM; LM Studio >= 0.3.18). vLLM refuses stream_options without stream.
		body.stream_options = { include_usage: true };
	}
	Object.assign(body, input.extra ?? {});
	return body;
}
