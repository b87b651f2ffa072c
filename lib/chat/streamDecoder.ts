/**
 * Turns `chat.completion.chunk` events into the SDK's stream chunks. Tool calls arrive in pieces keyed by `index`: the
 * first piece carries `id` and `function.name`, the next ones only argument text (vLLM tool parsers; LM Studio
 * https://lmstudio.ai/docs/developer/openai-compat/tools "Streaming"). Every piece we emit carries its call's id, because
 * n8n's SDK adapter gives every tool-call chunk index 0 and LangChain then keeps calls apart by id only.
 */
import { z } from 'zod';
import { OverlayError } from '../errors';
import { parseServerError, type ServerError } from '../clients/serverError';
import { argumentsText, assistantTextFields } from './readAnswer';
import { ThinkTagSplitter } from './thinkTags';
import type { ChatToolCall, FinishReason, StreamChunk, TokenUsage } from './types';
import { readFinishReason, readUsage, wireUsageSchema } from './usage';

const deltaToolCallSchema = z
	.object({
		index: z.number().nullish(),
		id: z.string().nullish(),
		function: z
			.object({ name: z.string().nullish(), arguments: z.union([z.string(), z.record(z.unknown())]).nullish() })
			.passthrough()
			.nullish(),
	})
	.passthrough();

const chunkSchema = z
	.object({
		id: z.string().nullish(),
		model: z.string().nullish(),
		choices: z
			.array(
				z
					.object({
						delta: z
							.object({
								...assistantTextFields,
								tool_calls: z.array(deltaToolCallSchema).nullish(),
							})
							.passthrough()
							.nullish(),
						finish_reason: z.string().nullish(),
					})
					.passthrough(),
			)
			.nullish(),
		usage: wireUsageSchema.nullish(),
		error: z.unknown().optional(),
	})
	.passthrough();

interface PendingCall {
	id: string;
	name: string;
	arguments: string;
}

export interface DecoderOptions {
	splitThinkTags: boolean;
	newId: () => string;
	/** Builds the error thrown when the server reports a failure inside the stream. */
	midStreamError: (error: ServerError) => OverlayError;
	serverLabel: string;
}

export class ChatStreamDecoder {
	private readonly calls = new Map<number, PendingCall>();
	private readonly splitter: ThinkTagSplitter | null;
	private finishReason: string | null = null;
	private usage: TokenUsage | null = null;
	private sawFinish = false;
	text = '';
	reasoning = '';
	model: string | null = null;

	constructor(private readonly options: DecoderOptions) {
		this.splitter = options.splitThinkTags ? new ThinkTagSplitter() : null;
	}

	/** One event's `data`, parsed. */
	push(data: unknown): StreamChunk[] {
		const parsed = chunkSchema.safeParse(data);
		if (!parsed.success) {
			throw new OverlayError('protocol', `${this.options.serverLabel} streamed an event that is not a chat completion chunk: ${JSON.stringify(data).slice(0, 200)}`, {
				hint: `Check that the server is ${this.options.serverLabel} speaking the OpenAI-compatible chat completions API.`,
			});
		}
		const chunk = parsed.data;
		// vLLM (serving_chat.py) and LM Studio >= 0.3.18 report a failure inside an already started stream as an event.
		if (chunk.error !== undefined && chunk.error !== null) throw this.options.midStreamError(parseServerError(500, { error: chunk.error }));
		if (chunk.model) this.model = chunk.model;
		if (chunk.usage) this.usage = readUsage(chunk.usage);
		const out: StreamChunk[] = [];
		for (const choice of chunk.choices ?? []) {
			const delta = choice.delta;
			const reasoning = delta?.reasoning ?? delta?.reasoning_content;
			if (reasoning) out.push(this.reasoningDelta(reasoning));
			if (delta?.content) out.push(...this.contentDeltas(delta.content));
			for (const call of delta?.tool_calls ?? []) out.push(this.toolCallDelta(call));
			if (choice.finish_reason) {
				this.finishReason = choice.finish_reason;
				this.sawFinish = true;
			}
		}
		return out.filter((piece) => piece.type !== 'text-delta' || piece.delta !== '');
	}

	/** After `[DONE]` or the end of the body. */
	end(sawDone: boolean): StreamChunk[] {
		if (!sawDone && !this.sawFinish) {
			throw new OverlayError('unreachable', `${this.options.serverLabel} ended its streamed answer before it was complete (no finish reason, no [DONE]).`, {
				hint: `The server probably crashed or restarted while answering: check ${this.options.serverLabel}'s log (out of GPU memory?).`,
			});
		}
		const out: StreamChunk[] = [];
		if (this.splitter) {
			const rest = this.splitter.end();
			if (rest.reasoning) out.push(this.reasoningDelta(rest.reasoning));
			if (rest.text) out.push(this.textDelta(rest.text));
		}
		const finish: StreamChunk = { type: 'finish', finishReason: this.finish() };
		if (this.usage) finish.usage = this.usage;
		out.push(finish);
		return out;
	}

	toolCalls(): ChatToolCall[] {
		return [...this.calls.values()].map((call) => ({ id: call.id, name: call.name, arguments: call.arguments || '{}' }));
	}

	finish(): FinishReason {
		return readFinishReason(this.finishReason, this.calls.size > 0);
	}

	get tokenUsage(): TokenUsage | null {
		return this.usage;
	}

	private contentDeltas(content: string): StreamChunk[] {
		if (!this.splitter) return [this.textDelta(content)];
		const piece = this.splitter.push(content);
		const out: StreamChunk[] = [];
		if (piece.reasoning) out.push(this.reasoningDelta(piece.reasoning));
		if (piece.text) out.push(this.textDelta(piece.text));
		return out;
	}

	private textDelta(delta: string): StreamChunk {
		this.text += delta;
		return { type: 'text-delta', delta };
	}

	private reasoningDelta(delta: string): StreamChunk {
		this.reasoning += delta;
		return { type: 'reasoning-delta', delta };
	}

	private toolCallDelta(call: z.infer<typeof deltaToolCallSchema>): StreamChunk {
		const index = call.index ?? this.calls.size;
		let pending = this.calls.get(index);
		const isNew = pending === undefined;
		if (!pending) {
			pending = { id: call.id || this.options.newId(), name: '', arguments: '' };
			this.calls.set(index, pending);
		}
		const name = call.function?.name ?? undefined;
		if (name) pending.name += name;
		const raw = call.function?.arguments;
		const argumentsDelta = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : argumentsText(raw);
		pending.arguments += argumentsDelta;
		const chunk: StreamChunk = { type: 'tool-call-delta', id: pending.id };
		// LangChain replaces a chunk's name instead of appending to it: always send the whole name so far.
		if ((name || isNew) && pending.name) chunk.name = pending.name;
		if (argumentsDelta) chunk.argumentsDelta = argumentsDelta;
		return chunk;
	}
}
