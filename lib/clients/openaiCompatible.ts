/**
 * Pieces every OpenAI-compatible chat server shares: the messages we send (system prompt,
 * retrieved context with a visible template, the user's prompt), sampling fields, and reading
 * text / reasoning / usage back from chat and completion responses.
 */
import { z } from 'zod';
import { inputError } from '../errors';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string;
}

export interface SamplingOptions {
	temperature?: number;
	topP?: number;
	topK?: number;
	minP?: number;
	maxTokens?: number;
	seed?: number;
	stop?: string[];
	presencePenalty?: number;
	frequencyPenalty?: number;
	repetitionPenalty?: number;
}

/** Body field names per server; LM Studio calls the repetition penalty `repeat_penalty`. */
export type SamplingDialect = 'vllm' | 'lmstudio';

const FIELD_NAMES: Record<SamplingDialect, Record<keyof SamplingOptions, string>> = {
	vllm: {
		temperature: 'temperature',
		topP: 'top_p',
		topK: 'top_k',
		minP: 'min_p',
		maxTokens: 'max_tokens',
		seed: 'seed',
		stop: 'stop',
		presencePenalty: 'presence_penalty',
		frequencyPenalty: 'frequency_penalty',
		repetitionPenalty: 'repetition_penalty',
	},
	lmstudio: {
		temperature: 'temperature',
		topP: 'top_p',
		topK: 'top_k',
		minP: 'min_p',
		maxTokens: 'max_tokens',
		seed: 'seed',
		stop: 'stop',
		presencePenalty: 'presence_penalty',
		frequencyPenalty: 'frequency_penalty',
		repetitionPenalty: 'repeat_penalty',
	},
};

/** The field list per dialect, built once: this runs for every item. */
const FIELD_ENTRIES = Object.fromEntries(
	Object.entries(FIELD_NAMES).map(([dialect, names]) => [dialect, Object.entries(names) as Array<[keyof SamplingOptions, string]>]),
) as Record<SamplingDialect, Array<[keyof SamplingOptions, string]>>;

export function samplingToBody(options: SamplingOptions, dialect: SamplingDialect): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const [key, field] of FIELD_ENTRIES[dialect]) {
		const value = options[key];
		if (value === undefined || value === null) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		body[field] = value;
	}
	return body;
}

export interface ContextDocument {
	text: string;
	source?: string;
}

/** The template shown in the node; `{{documents}}` is replaced by the numbered documents. */
export const DEFAULT_CONTEXT_TEMPLATE =
	'Answer using the context below. If the context does not contain the answer, say so.\n\nContext:\n{{documents}}';

/**
 * Accepts what retrieval nodes emit: a string, an array of strings, LangChain documents
 * ({ pageContent, metadata }), or objects with text / content / document fields.
 */
export function normalizeContextDocuments(value: unknown): ContextDocument[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : [value];
	return list.flatMap((entry, position): ContextDocument[] => {
		if (entry === undefined || entry === null) return [];
		if (typeof entry === 'string') return entry.trim() ? [{ text: entry.trim() }] : [];
		if (typeof entry === 'number' || typeof entry === 'boolean') return [{ text: String(entry) }];
		if (typeof entry === 'object') {
			const record = entry as Record<string, unknown>;
			const text = [record.pageContent, record.text, record.content, record.document].find(
				(candidate) => typeof candidate === 'string',
			) as string | undefined;
			if (text === undefined) {
				throw inputError(
					`Context document ${position + 1} has no text.`,
					'Pass strings, or objects with a pageContent, text, content or document field (e.g. the output of a vector store node).',
				);
			}
			const metadata = (record.metadata ?? {}) as Record<string, unknown>;
			const source = [record.source, metadata.source, metadata.title, record.title].find(
				(candidate) => typeof candidate === 'string',
			) as string | undefined;
			return text.trim() ? [{ text: text.trim(), ...(source ? { source } : {}) }] : [];
		}
		return [];
	});
}

export function renderContext(documents: ContextDocument[], template = DEFAULT_CONTEXT_TEMPLATE): string {
	const rendered = documents
		.map((doc, i) => `[${i + 1}]${doc.source ? ` (${doc.source})` : ''} ${doc.text}`)
		.join('\n\n');
	return template.includes('{{documents}}') ? template.split('{{documents}}').join(rendered) : `${template}\n\n${rendered}`;
}

export interface BuildMessagesInput {
	prompt?: string;
	/** Used instead of prompt when the caller passes a whole conversation. */
	messages?: ChatMessage[];
	systemPrompt?: string;
	contextDocuments?: ContextDocument[];
	contextTemplate?: string;
}

/** The context goes into the system message, so that a multi-turn conversation keeps it once. */
export function buildMessages(input: BuildMessagesInput): ChatMessage[] {
	const conversation: ChatMessage[] = input.messages?.length
		? [...input.messages]
		: input.prompt !== undefined && input.prompt.trim() !== ''
			? [{ role: 'user', content: input.prompt }]
			: [];
	if (conversation.length === 0) {
		throw inputError('There is no prompt to send.', 'Set the Prompt (or Messages) parameter, e.g. to {{ $json.body.prompt }}.');
	}
	const systemParts: string[] = [];
	if (input.systemPrompt?.trim()) systemParts.push(input.systemPrompt.trim());
	if (input.contextDocuments?.length) systemParts.push(renderContext(input.contextDocuments, input.contextTemplate || undefined));
	if (systemParts.length === 0) return conversation;
	const [first, ...rest] = conversation;
	if (first.role === 'system') return [{ role: 'system', content: [first.content, ...systemParts].join('\n\n') }, ...rest];
	return [{ role: 'system', content: systemParts.join('\n\n') }, ...conversation];
}

export function parseMessages(value: unknown): ChatMessage[] {
	const parsed = typeof value === 'string' ? safeJson(value) : value;
	const result = z
		.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() }))
		.min(1)
		.safeParse(parsed);
	if (!result.success) {
		throw inputError(
			'Messages must be a JSON array of { role, content } objects.',
			'Example: [{"role":"user","content":"Hello"}]. Roles: system, user, assistant, tool.',
		);
	}
	return result.data;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const usageSchema = z
	.object({
		prompt_tokens: z.number().nullish(),
		completion_tokens: z.number().nullish(),
		total_tokens: z.number().nullish(),
	})
	.passthrough();

const chatMessageSchema = z
	.object({
		content: z.string().nullish(),
		reasoning: z.string().nullish(),
		reasoning_content: z.string().nullish(),
	})
	.passthrough();

export const chatCompletionSchema = z
	.object({
		model: z.string().nullish(),
		choices: z
			.array(
				z
					.object({
						message: chatMessageSchema,
						finish_reason: z.string().nullish(),
					})
					.passthrough(),
			)
			.min(1),
		usage: usageSchema.nullish(),
	})
	.passthrough();

export const textCompletionSchema = z
	.object({
		model: z.string().nullish(),
		choices: z.array(z.object({ text: z.string().nullish(), finish_reason: z.string().nullish() }).passthrough()).min(1),
		usage: usageSchema.nullish(),
	})
	.passthrough();

export type ChatCompletionBody = z.infer<typeof chatCompletionSchema>;
export type TextCompletionBody = z.infer<typeof textCompletionSchema>;

export interface Usage {
	promptTokens: number | null;
	completionTokens: number | null;
	totalTokens: number | null;
}

export interface GenerationResult {
	text: string;
	/** `reasoning` (vLLM >= 0.11.1, LM Studio >= 0.3.23) or `reasoning_content` (older / toggled). */
	reasoning: string | null;
	finishReason: string | null;
	model: string | null;
	usage: Usage;
}

function readUsage(usage: z.infer<typeof usageSchema> | null | undefined): Usage {
	const promptTokens = usage?.prompt_tokens ?? null;
	const completionTokens = usage?.completion_tokens ?? null;
	const totalTokens =
		usage?.total_tokens ?? (promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null);
	return { promptTokens, completionTokens, totalTokens };
}

export function readChatCompletion(body: ChatCompletionBody): GenerationResult {
	const choice = body.choices[0];
	const message = choice.message;
	return {
		text: message.content ?? '',
		reasoning: message.reasoning ?? message.reasoning_content ?? null,
		finishReason: choice.finish_reason ?? null,
		model: body.model ?? null,
		usage: readUsage(body.usage),
	};
}

export function readTextCompletion(body: TextCompletionBody): GenerationResult {
	const choice = body.choices[0];
	return {
		text: choice.text ?? '',
		reasoning: null,
		finishReason: choice.finish_reason ?? null,
		model: body.model ?? null,
		usage: readUsage(body.usage),
	};
}

export function tokensPerSecond(completionTokens: number | null, latencyMs: number): number | null {
	if (!completionTokens || latencyMs <= 0) return null;
	return Math.round((completionTokens / (latencyMs / 1000)) * 100) / 100;
}

/** Parses the structured answer when a JSON schema was requested; null when the model did not return JSON. */
export function parseStructuredOutput(text: string): unknown {
	const trimmed = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
	try {
		return JSON.parse(trimmed);
	} catch {
		return null;
	}
}
