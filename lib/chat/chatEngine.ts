/**
 * One chat model on an OpenAI-compatible server (vLLM or LM Studio): sends the agent's conversation and tools to
 * `/v1/chat/completions`, whole or streamed, and reads the answer back with the reasoning apart from the text.
 * JSON requests go through the pack's HTTP layer (lib/clients/http.ts), streams through eventStream.ts.
 */
import { randomUUID } from 'node:crypto';
import type { HttpClient } from '../clients/http';
import type { SamplingDialect, SamplingOptions } from '../clients/openaiCompatible';
import { midStreamError } from './errors';
import { EventStreamClient, type DescribeServerError, type EventStreamConfig } from './eventStream';
import { chatCompletionSchema, readChatAnswer } from './readAnswer';
import { buildChatBody, type ReasoningEffort } from './requestBody';
import { ChatStreamDecoder } from './streamDecoder';
import { readRequestedToolChoice, resolveToolChoice, type ToolChoiceSetting } from './toolChoice';
import type { ChatAnswer, ChatMessage, ChatTool, StreamChunk } from './types';
import { toWireMessages } from './wireMessages';

export const CHAT_PATH = '/v1/chat/completions';

export interface ChatEngineConfig {
	serverLabel: string;
	dialect: SamplingDialect;
	model: string;
	http: HttpClient;
	stream: EventStreamConfig;
	sampling: SamplingOptions;
	reasoningEffort?: ReasoningEffort;
	toolChoice: ToolChoiceSetting;
	splitThinkTags: boolean;
	extraBody?: Record<string, unknown>;
	describeError: DescribeServerError;
	/** Runs before the first request of this engine (vLLM: load the adapter if missing). */
	prepare?: (signal?: AbortSignal) => Promise<unknown>;
	/** Lets a server add what it knows to an error (vLLM: the models it has, when the name is unknown). */
	explainError?: (error: unknown, signal?: AbortSignal) => Promise<unknown>;
}

export interface ChatCall {
	tools: ChatTool[];
	/** What the caller asked for through bindTools(tools, { tool_choice }); overrides the node's setting. */
	requestedToolChoice?: unknown;
	signal?: AbortSignal;
}

export interface ChatAnswerWithTiming extends ChatAnswer {
	latencyMs: number;
}

export class ChatEngine {
	private readonly streams: EventStreamClient;
	private prepared: Promise<unknown> | undefined;

	constructor(readonly config: ChatEngineConfig) {
		this.streams = new EventStreamClient(config.stream);
	}

	get model(): string {
		return this.config.model;
	}

	async generate(messages: ChatMessage[], call: ChatCall): Promise<ChatAnswerWithTiming> {
		await this.prepare(call.signal);
		try {
			const response = await this.config.http.request({
				method: 'POST',
				path: CHAT_PATH,
				body: this.body(messages, call, false),
				schema: chatCompletionSchema,
				signal: call.signal,
				describeError: this.config.describeError,
			});
			return { ...readChatAnswer(response.data, { splitThinkTags: this.config.splitThinkTags }, newToolCallId), latencyMs: response.latencyMs };
		} catch (error) {
			throw await this.explain(error, call.signal);
		}
	}

	async *stream(messages: ChatMessage[], call: ChatCall): AsyncGenerator<StreamChunk> {
		await this.prepare(call.signal);
		let stream;
		try {
			stream = await this.streams.open({ path: CHAT_PATH, body: this.body(messages, call, true), signal: call.signal, describeError: this.config.describeError });
		} catch (error) {
			throw await this.explain(error, call.signal);
		}
		const decoder = new ChatStreamDecoder({
			splitThinkTags: this.config.splitThinkTags,
			newId: newToolCallId,
			serverLabel: this.config.serverLabel,
			midStreamError: midStreamError(this.config.serverLabel, this.streams.baseUrl, this.config.describeError, (text) => this.streams.clean(text)),
		});
		for await (const data of stream.events) {
			yield* decoder.push(parseEvent(data, this.config.serverLabel));
		}
		yield* decoder.end(stream.sawDone());
	}

	private body(messages: ChatMessage[], call: ChatCall, stream: boolean): Record<string, unknown> {
		const requested = readRequestedToolChoice(call.requestedToolChoice, call.tools);
		return buildChatBody({
			model: this.config.model,
			messages: toWireMessages(messages),
			tools: call.tools,
			toolChoice: resolveToolChoice({ tools: call.tools, messages, setting: this.config.toolChoice, requested, dialect: this.config.dialect }),
			sampling: this.config.sampling,
			dialect: this.config.dialect,
			reasoningEffort: this.config.reasoningEffort,
			stream,
			extra: this.config.extraBody,
		});
	}

	/** Once per engine; a failed preparation is tried again by the next call. */
	private async prepare(signal?: AbortSignal): Promise<void> {
		if (!this.config.prepare) return;
		if (!this.prepared) {
			const pending = this.config.prepare(signal);
			this.prepared = pending;
			pending.catch(() => {
				if (this.prepared === pending) this.prepared = undefined;
			});
		}
		await this.prepared;
	}

	private async explain(error: unknown, signal?: AbortSignal): Promise<unknown> {
		return this.config.explainError ? await this.config.explainError(error, signal) : error;
	}
}

function parseEvent(data: string, serverLabel: string): unknown {
	try {
		return JSON.parse(data);
	} catch {
		return { error: { message: `${serverLabel} streamed an event that is not JSON: ${data.slice(0, 200)}` } };
	}
}

/** For tool calls that arrive without an id (the agent needs one to pair the result). */
export function newToolCallId(): string {
	return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}
