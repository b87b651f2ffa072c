/** Token counts and finish reasons as the SDK names them, from the OpenAI-compatible fields both servers send. */
import { z } from 'zod';
import type { FinishReason, TokenUsage } from './types';

export const wireUsageSchema = z
	.object({
		prompt_tokens: z.number().nullish(),
		completion_tokens: z.number().nullish(),
		total_tokens: z.number().nullish(),
		prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).passthrough().nullish(),
		completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).passthrough().nullish(),
	})
	.passthrough();

export type WireUsage = z.infer<typeof wireUsageSchema>;

export function readUsage(usage: WireUsage | null | undefined): TokenUsage | null {
	if (!usage) return null;
	const promptTokens = usage.prompt_tokens ?? 0;
	const completionTokens = usage.completion_tokens ?? 0;
	const result: TokenUsage = { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
	const cached = usage.prompt_tokens_details?.cached_tokens;
	if (cached) result.inputTokenDetails = { cacheRead: cached };
	const reasoning = usage.completion_tokens_details?.reasoning_tokens;
	if (reasoning) result.outputTokenDetails = { reasoning };
	return result;
}

const FINISH_REASONS: Record<string, FinishReason> = {
	stop: 'stop',
	length: 'length',
	tool_calls: 'tool-calls',
	function_call: 'tool-calls',
	content_filter: 'content-filter',
	error: 'error',
};

/** vLLM answers `stop` for a required or named tool call (serving_chat.py: `tool_calls` only when `auto` chose tools). */
export function readFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
	if (hasToolCalls) return 'tool-calls';
	return (reason && FINISH_REASONS[reason]) || (reason ? 'other' : 'stop');
}
