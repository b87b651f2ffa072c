/**
 * The chat request LM Studio gets, and how its answer becomes an LmStudioGeneration. Pure
 * functions; the client does the I/O.
 */
import { inputError } from '../../errors';
import {
	buildMessages,
	parseStructuredOutput,
	readChatCompletion,
	samplingToBody,
	type ChatMessage,
	type ContextDocument,
	type SamplingOptions,
} from '../openaiCompatible';
import type { LmStudioChat } from './schemas';
import type { ChatEndpoint, LmStudioGeneration, LmStudioModel } from './types';

/**
 * Sent as `reasoning_effort` on chat completions. `off`/`on` exist only on /api/v1/chat, which
 * cannot take a message history or a JSON schema (the comparison table in
 * https://lmstudio.ai/docs/developer/rest), so they are not offered here.
 */
export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export interface JsonSchemaFormat {
	name?: string;
	schema: Record<string, unknown>;
	strict?: boolean;
}

export interface LmStudioGenerateInput {
	model: string;
	prompt?: string;
	messages?: ChatMessage[];
	systemPrompt?: string;
	contextDocuments?: ContextDocument[];
	contextTemplate?: string;
	sampling?: SamplingOptions;
	/** A JSON schema, or `{ name, schema, strict }`. */
	jsonSchema?: Record<string, unknown>;
	reasoningEffort?: ReasoningEffort;
	/** Idle time-to-live in seconds for a model this request loads Just-in-Time. */
	ttlSeconds?: number;
	includeRaw?: boolean;
}

export function toJsonSchemaFormat(value: Record<string, unknown>): JsonSchemaFormat {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw inputError('The JSON schema must be a JSON object.', 'Example: {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}');
	}
	const wrapped = typeof value.schema === 'object' && value.schema !== null && !Array.isArray(value.schema);
	const schema = (wrapped ? value.schema : value) as Record<string, unknown>;
	if (typeof schema.type !== 'string' && !schema.properties && !schema.anyOf && !schema.oneOf && !schema.$ref) {
		throw inputError('The JSON schema has no "type" or "properties".', 'Give a JSON schema such as {"type":"object","properties":{"answer":{"type":"string"}}}.');
	}
	const name = wrapped && typeof value.name === 'string' ? value.name : 'response';
	const strict = wrapped && typeof value.strict === 'boolean' ? value.strict : true;
	return { name, schema, strict };
}

export function buildChatBody(input: LmStudioGenerateInput): Record<string, unknown> {
	if (!input.model?.trim()) throw inputError('No model was chosen.', 'Pick a model from the list, or give its key (e.g. openai/gpt-oss-20b).');
	const body: Record<string, unknown> = {
		model: input.model.trim(),
		messages: buildMessages({
			prompt: input.prompt,
			messages: input.messages,
			systemPrompt: input.systemPrompt,
			contextDocuments: input.contextDocuments,
			contextTemplate: input.contextTemplate,
		}),
		...samplingToBody(input.sampling ?? {}, 'lmstudio'),
		stream: false,
	};
	if (input.jsonSchema) {
		const format = toJsonSchemaFormat(input.jsonSchema);
		body.response_format = { type: 'json_schema', json_schema: { name: format.name, strict: format.strict, schema: format.schema } };
	}
	if (input.reasoningEffort) {
		if (!REASONING_EFFORTS.includes(input.reasoningEffort)) {
			throw inputError(`Reasoning effort "${String(input.reasoningEffort)}" is not one of ${REASONING_EFFORTS.join(', ')}.`);
		}
		body.reasoning_effort = input.reasoningEffort;
	}
	if (input.ttlSeconds !== undefined) {
		if (!Number.isFinite(input.ttlSeconds) || input.ttlSeconds <= 0) {
			throw inputError('JIT Load TTL must be a positive number of seconds.', 'Leave it empty for LM Studio\'s default (60 minutes).');
		}
		body.ttl = Math.round(input.ttlSeconds);
	}
	return body;
}

/**
 * Checks the effort against what /api/v1/models says the model allows (0.4.8+) and returns
 * warnings. Older servers do not say, and LM Studio may ignore the field on chat completions
 * (lmstudio-bug-tracker #988).
 */
export function checkReasoningEffort(effort: ReasoningEffort, model: LmStudioModel | undefined, serverListsReasoning: boolean): string[] {
	if (!model) return [];
	if (!model.reasoning) {
		return serverListsReasoning ? [`LM Studio does not list reasoning options for "${model.key}"; reasoning effort "${effort}" is probably ignored.`] : [];
	}
	const allowed = model.reasoning.allowedOptions;
	if (allowed.length > 0 && !allowed.includes(effort)) {
		throw inputError(
			`Model "${model.key}" does not accept reasoning effort "${effort}"; LM Studio lists: ${allowed.join(', ')}.`,
			`Choose one of ${allowed.filter((option) => REASONING_EFFORTS.includes(option as ReasoningEffort)).join(', ') || 'the listed options'}, or leave Reasoning Effort at the server default.`,
		);
	}
	return [];
}

export function readGeneration(
	body: LmStudioChat,
	endpoint: ChatEndpoint,
	latencyMs: number,
	input: Pick<LmStudioGenerateInput, 'jsonSchema' | 'includeRaw'>,
): LmStudioGeneration {
	const common = readChatCompletion(body);
	const warnings: string[] = [];
	const result: LmStudioGeneration = {
		text: common.text,
		reasoning: common.reasoning,
		finishReason: common.finishReason,
		model: common.model,
		usage: common.usage,
		stats: body.stats
			? {
					tokensPerSecond: body.stats.tokens_per_second ?? null,
					timeToFirstTokenSec: body.stats.time_to_first_token ?? null,
					generationTimeSec: body.stats.generation_time ?? null,
					stopReason: body.stats.stop_reason ?? null,
				}
			: null,
		modelInfo: body.model_info
			? {
					architecture: body.model_info.arch ?? null,
					quantization: body.model_info.quant ?? null,
					format: body.model_info.format ?? null,
					contextLength: body.model_info.context_length ?? null,
				}
			: null,
		runtime: body.runtime
			? { name: body.runtime.name ?? null, version: body.runtime.version ?? null, supportedFormats: body.runtime.supported_formats ?? [] }
			: null,
		latencyMs,
		endpoint,
		warnings,
	};
	if (endpoint === '/v1/chat/completions') {
		warnings.push('LM Studio statistics (tokens/s, time to first token, model info) need its REST API v0 (LM Studio 0.3.6+); this server answered only /v1/chat/completions.');
	}
	if (input.jsonSchema) {
		result.json = parseStructuredOutput(result.text);
		// lmstudio-bug-tracker #1698: with reasoning models the JSON can land in reasoning_content.
		if (result.json === null && result.text.trim() === '' && result.reasoning) {
			result.json = parseStructuredOutput(result.reasoning);
			if (result.json !== null) warnings.push('The structured answer arrived in the reasoning field (a known LM Studio issue with reasoning models); it was read from there.');
		}
		if (result.json === null) warnings.push('Structured output was requested but the answer is not valid JSON.');
	} else if (result.text.trim() === '' && result.reasoning) {
		warnings.push('The model returned reasoning but no answer text; raise Max Tokens or lower the reasoning effort.');
	}
	if (input.includeRaw) result.raw = body;
	return result;
}
