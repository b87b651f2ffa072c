/**
 * Reads a non-streamed chat completion: the answer text, the reasoning (vLLM `reasoning` from 0.11.1, `reasoning_content`
 * before 0.17 and on LM Studio with its "separate reasoning_content" setting), tool calls and usage.
 */
import { z } from 'zod';
import { splitThinkTags } from './thinkTags';
import type { ChatAnswer, ChatToolCall } from './types';
import { readFinishReason, readUsage, wireUsageSchema } from './usage';

const wireToolCallSchema = z
	.object({
		id: z.string().nullish(),
		type: z.string().nullish(),
		function: z.object({
			name: z.string(),
			// Always a JSON text in vLLM and LM Studio; some servers send the object itself.
			arguments: z.union([z.string(), z.record(z.unknown())]).nullish(),
		}),
	})
	.passthrough();

/** The text of an assistant message or stream delta: its content and the reasoning under either name a server uses. */
export const assistantTextFields = {
	content: z.string().nullish(),
	reasoning: z.string().nullish(),
	reasoning_content: z.string().nullish(),
};

export const chatCompletionSchema = z
	.object({
		id: z.string().nullish(),
		model: z.string().nullish(),
		choices: z
			.array(
				z
					.object({
						message: z
							.object({
								...assistantTextFields,
								tool_calls: z.array(wireToolCallSchema).nullish(),
							})
							.passthrough(),
						finish_reason: z.string().nullish(),
					})
					.passthrough(),
			)
			.min(1),
		usage: wireUsageSchema.nullish(),
	})
	.passthrough();

export type ChatCompletionBody = z.infer<typeof chatCompletionSchema>;

export interface ReadOptions {
	/** Move a leading `<think>…</think>` block out of the text when the server did not separate the reasoning. */
	splitThinkTags: boolean;
}

export function argumentsText(value: string | Record<string, unknown> | null | undefined): string {
	if (value === undefined || value === null || value === '') return '{}';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

export function readChatAnswer(body: ChatCompletionBody, options: ReadOptions, newId: () => string): ChatAnswer {
	const choice = body.choices[0];
	const message = choice.message;
	let text = message.content ?? '';
	let reasoning = message.reasoning ?? message.reasoning_content ?? null;
	if (reasoning === null && options.splitThinkTags) {
		const split = splitThinkTags(text);
		text = split.text;
		reasoning = split.reasoning || null;
	}
	const toolCalls: ChatToolCall[] = (message.tool_calls ?? []).map((call) => ({
		id: call.id || newId(),
		name: call.function.name,
		arguments: argumentsText(call.function.arguments),
	}));
	return {
		id: body.id ?? null,
		model: body.model ?? null,
		text,
		reasoning: reasoning === '' ? null : reasoning,
		toolCalls,
		finishReason: readFinishReason(choice.finish_reason, toolCalls.length > 0),
		serverFinishReason: choice.finish_reason ?? null,
		usage: readUsage(body.usage),
	};
}
