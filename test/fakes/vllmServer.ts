/**
 * A loopback HTTP fake of vLLM's OpenAI-compatible server.
 *
 * Reproduces vLLM v0.32.0 by default (https://docs.vllm.ai/en/v0.32.0/serving/online_serving/); pass `version` to
 * reproduce an older one. Version-dependent behaviour (PRs at https://github.com/vllm-project/vllm/pull/<number>):
 * - error body: flat `{"object":"error",...}` before v0.10.1, nested `{"error":{...}}` from v0.10.1 (PR #22099);
 * - structured output: `guided_json` honoured before v0.12.0 (PR #29326), `structured_outputs.json` from v0.10.2 (PR #22772);
 *   fields a version does not know are silently ignored, as vLLM does (`extra="allow"`);
 * - reasoning field: `reasoning_content` before v0.11.1, both names v0.11.1..v0.16.x, only `reasoning` from v0.17.0
 *   (PR #27752, PR #33402; https://docs.vllm.ai/en/v0.11.2/features/reasoning_outputs/);
 * - "already loaded" text with the `load_inplace` hint from v0.14.0 (PR #31326, Dec 2025).
 * Runtime LoRA (https://docs.vllm.ai/en/latest/features/lora/): with `runtimeLora: false` the load/unload routes are not
 * registered (404 `{"detail":"Not Found"}`, https://github.com/vllm-project/production-stack/issues/708); success bodies
 * are plain text (https://github.com/vllm-project/vllm/blob/4fe4500477d5bbf2c2a467adacc60f7d215cd655/vllm/entrypoints/openai/models/serving.py).
 * Auth (https://github.com/vllm-project/vllm/blob/v0.10.1/vllm/entrypoints/openai/api_server.py): with `apiKey`, `/v1...`
 * needs `Authorization: Bearer <key>`, else 401 `{"error":"Unauthorized"}`; `/version` and `/health` stay open.
 *
 * `flavor: 'llama-server' | 'transformers-serve'` imitates other OpenAI-compatible servers: generation works, no `/version`,
 * no LoRA routes, no `parent`/`root` on models.
 *
 * Tool calling and streaming (chat), as vLLM >= 0.8.3 does them:
 * - `tool_choice` rules of `ChatCompletionRequest.check_tool_usage` (vllm/entrypoints/openai/protocol.py): `auto` when
 *   tools come without a choice; a choice without tools, or a value other than a named tool / "none" / "auto" /
 *   "required", is a 400; `auto` needs the server flags `--enable-auto-tool-choice --tool-call-parser <p>` (option
 *   `toolCalling`), else 400 `"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set`
 *   (serving_chat.py); `required` and named choices are served by structured outputs without a parser, so they always
 *   yield a call (https://docs.vllm.ai/en/latest/features/tool_calling/).
 * - answers: `tool_calls` with ids `chatcmpl-tool-<uuid hex>` (chat_utils.py `random_tool_call_id`), `content: null`
 *   when the model only called tools, `finish_reason: "tool_calls"` only when `auto` chose tools, else `stop`
 *   (serving_chat.py `chat_completion_full_generator`).
 * - `stream: true`: `chat.completion.chunk` events, a first `{role, content: ""}` delta, reasoning deltas under the
 *   version's field name, tool calls as hermes-style pieces (id, type and name first, then argument text), a final
 *   delta with the finish reason, one `choices: []` usage event with `stream_options.include_usage`, then
 *   `data: [DONE]`; an error during generation is sent as one `data: {"error": {...}}` event followed by `[DONE]`
 *   (serving_chat.py `chat_completion_stream_generator`). `stream_options` without `stream` is a 400.
 * What the "model" says comes from `chatScript` (test/fakes/chatScript.ts); by default it echoes the last user message.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { echoOf, fillEcho, withEcho } from './echo';
import { argumentPieces, argumentsFromSchema, echoReply, readTurn, sseEvent, streamPieces, type FakeChatReply, type FakeChatScript } from './chatScript';

export type FakeFlavor = 'vllm' | 'llama-server' | 'transformers-serve';

export interface FakeBaseModel {
	id: string;
	root?: string;
	maxModelLen?: number;
}

export interface FakeAdapter {
	name: string;
	path: string;
	parent?: string;
}

export type FakeFailureKind =
	| { kind: 'reset' }
	| { kind: 'reset-mid-body' }
	| { kind: 'status'; status: number; retryAfterS?: number; body?: string }
	| { kind: 'malformed' }
	| { kind: 'hang' }
	/** In a streamed chat, after this many events: vLLM's error event, then [DONE]. */
	| { kind: 'mid-stream-error'; afterEvents: number; message?: string }
	/** In a streamed chat, after this many events: the connection is cut (an engine crash). */
	| { kind: 'mid-stream-cut'; afterEvents: number };

/** An injected failure answers the next `times` (default 1) requests whose path matches. */
export type FakeFailure = FakeFailureKind & { path?: string | RegExp; times?: number };

export interface VllmFakeOptions {
	version: string;
	flavor: FakeFlavor;
	baseModels: FakeBaseModel[];
	/** Adapters loaded at start (as with `--lora-modules`). */
	adapters: FakeAdapter[];
	/** VLLM_ALLOW_RUNTIME_LORA_UPDATING. */
	runtimeLora: boolean;
	/** Paths the fake host "has"; a load of another path answers 404 "No adapter found". Undefined: every path exists. */
	existingAdapterPaths?: string[];
	apiKey?: string;
	/** Override the error shape the version implies. */
	errorShape?: 'nested' | 'flat';
	/** Latency for generation requests: a fixed number, or [min, max] drawn uniformly per request. */
	latencyMs: number | [number, number];
	/** Time a load_lora_adapter call takes, so concurrent callers overlap. */
	loadLatencyMs: number;
	/** Reasoning text to return (as a reasoning model would); none when undefined. */
	reasoning?: string;
	failures: FakeFailure[];
	/**
	 * Echo the received Authorization header (and the key in other forms) in every answer: JSON text fields and an
	 * `echo` field, plain-text bodies, an `x-echo-authorization` header, and `{authorization}` in injected bodies.
	 */
	echoAuthorization?: boolean;
	/** `--enable-auto-tool-choice --tool-call-parser <parser>`; undefined = started without them (vLLM's default). */
	toolCalling?: { parser: string };
	/** What the model answers in chats; default: it echoes the last user message. */
	chatScript?: FakeChatScript;
	/** Pause between streamed events, so a client sees the answer arrive piece by piece. */
	streamEventDelayMs: number;
	/** Port on 127.0.0.1; default: any free port. */
	port?: number;
}

export interface RecordedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON when the body was JSON, else the raw text. */
	body: unknown;
	at: number;
}

export interface VllmFake {
	url: string;
	requests: RecordedRequest[];
	/** Requests so far with this method and path. */
	count(method: string, path: string): number;
	/** The highest number of generation requests the fake was serving at once. */
	maxInFlight(): number;
	/** Starts a new maximum from the requests in flight now (the bench reads one per measurement). */
	resetMaxInFlight(): void;
	/** Requests whose client went away before the answer was complete (aborted, timed out). */
	abortedCount(): number;
	/** Adapters registered now. */
	loadedAdapters(): FakeAdapter[];
	setOptions(patch: Partial<VllmFakeOptions>): void;
	close(): Promise<void>;
}

const DEFAULTS: VllmFakeOptions = {
	version: '0.32.0',
	flavor: 'vllm',
	baseModels: [{ id: 'Qwen/Qwen3-8B', root: '/models/Qwen3-8B', maxModelLen: 4096 }],
	adapters: [],
	runtimeLora: true,
	latencyMs: 0,
	loadLatencyMs: 30,
	failures: [],
	streamEventDelayMs: 0,
};

function versionAtLeast(version: string, min: string): boolean {
	const a = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
	const b = min.split('.').map((part) => Number.parseInt(part, 10) || 0);
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
	}
	return true;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whitespace-separated words stand in for tokens. */
function countTokens(text: string): number {
	const trimmed = text.trim();
	return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
	enum?: unknown[];
}

/** A value that satisfies the simple schemas tests send. */
function sampleFromSchema(schema: JsonSchema): unknown {
	if (schema.enum && schema.enum.length > 0) return schema.enum[0];
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	switch (type) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sampleFromSchema(sub);
			return out;
		}
		case 'array':
			return schema.items ? [sampleFromSchema(schema.items)] : [];
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return true;
		case 'null':
			return null;
		default:
			return 'x';
	}
}

export async function startVllmFake(initial: Partial<VllmFakeOptions> = {}): Promise<VllmFake> {
	let options: VllmFakeOptions = { ...DEFAULTS, ...initial };
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	let loaded: FakeAdapter[] = [...options.adapters];
	let inFlight = 0;
	let maxInFlight = 0;
	let aborted = 0;

	const isVllm = (): boolean => options.flavor === 'vllm';
	/** The echo for the request a response answers, when echo mode is on. */
	const echoes = new WeakMap<http.ServerResponse, string>();
	const echoHeaders = (res: http.ServerResponse): http.OutgoingHttpHeaders => {
		const echo = echoes.get(res);
		return echo === undefined ? {} : { 'x-echo-authorization': echo };
	};
	const errorShape = (): 'nested' | 'flat' =>
		options.errorShape ?? (versionAtLeast(options.version, '0.10.1') ? 'nested' : 'flat');

	function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
		const echo = echoes.get(res);
		const text = JSON.stringify(echo === undefined ? body : withEcho(body, echo));
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers, ...echoHeaders(res) });
		res.end(text);
	}

	function sendText(res: http.ServerResponse, status: number, body: string): void {
		const echo = echoes.get(res);
		const text = echo === undefined ? body : `${body} [${echo}]`;
		res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...echoHeaders(res) });
		res.end(text);
	}

	function sendError(res: http.ServerResponse, status: number, type: string, message: string, param: string | null = null): void {
		if (options.flavor === 'llama-server') {
			sendJson(res, status, { error: { code: status, message, type: type === 'NotFoundError' ? 'not_found_error' : 'invalid_request_error' } });
			return;
		}
		if (options.flavor === 'transformers-serve') {
			sendJson(res, status, { detail: message });
			return;
		}
		const info = { message, type, param, code: status };
		sendJson(res, status, errorShape() === 'nested' ? { error: info } : { object: 'error', ...info });
	}

	function routeNotFound(res: http.ServerResponse): void {
		if (options.flavor === 'llama-server') sendJson(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
		else sendJson(res, 404, { detail: 'Not Found' });
	}

	function takeFailure(path: string): FakeFailure | undefined {
		const index = options.failures.findIndex((failure) => {
			if (failure.path === undefined) return true;
			return typeof failure.path === 'string' ? failure.path === path : failure.path.test(path);
		});
		if (index < 0) return undefined;
		const failure = options.failures[index];
		const remaining = (failure.times ?? 1) - 1;
		const rest = [...options.failures];
		if (remaining > 0) rest[index] = { ...failure, times: remaining };
		else rest.splice(index, 1);
		options = { ...options, failures: rest };
		return failure;
	}

	/** Returns true when the failure took over the response. */
	function applyFailure(failure: FakeFailure, req: http.IncomingMessage, res: http.ServerResponse): boolean {
		switch (failure.kind) {
			case 'reset':
				req.socket.destroy();
				return true;
			case 'reset-mid-body':
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': 400 });
				res.write('{"id":"chatcmpl-1","object":"chat.comp');
				setTimeout(() => req.socket.destroy(), 5);
				return true;
			case 'status': {
				const headers: http.OutgoingHttpHeaders = {};
				if (failure.retryAfterS !== undefined) headers['retry-after'] = String(failure.retryAfterS);
				if (failure.body !== undefined) {
					const echo = echoes.get(res);
					res.writeHead(failure.status, { 'content-type': 'text/plain', ...headers, ...echoHeaders(res) });
					res.end(echo === undefined ? failure.body : fillEcho(failure.body, echo));
				} else {
					const message = failure.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
					const info = { message, type: failure.status === 429 ? 'TooManyRequests' : 'ServiceUnavailableError', param: null, code: failure.status };
					sendJson(res, failure.status, errorShape() === 'nested' ? { error: info } : { object: 'error', ...info }, headers);
				}
				return true;
			}
			case 'malformed': {
				const echo = echoes.get(res);
				res.writeHead(200, { 'content-type': 'application/json', ...echoHeaders(res) });
				res.end(`{"id":"chatcmpl-1",${echo === undefined ? '' : `"echo":${JSON.stringify(echo)},`}"choices":[{"message":`);
				return true;
			}
			case 'hang':
				return true;
			case 'mid-stream-error':
			case 'mid-stream-cut':
				return false;
		}
	}

	function modelList(): unknown {
		const created = Math.floor(Date.now() / 1000);
		const ownedBy = options.flavor === 'vllm' ? 'vllm' : options.flavor === 'llama-server' ? 'llamacpp' : 'huggingface';
		const base = options.baseModels.map((model) =>
			isVllm()
				? { id: model.id, object: 'model', created, owned_by: ownedBy, root: model.root ?? model.id, parent: null, max_model_len: model.maxModelLen ?? null, permission: [] }
				: { id: model.id, object: 'model', created, owned_by: ownedBy },
		);
		const adapters = isVllm()
			? loaded.map((adapter) => ({
					id: adapter.name,
					object: 'model',
					created,
					owned_by: ownedBy,
					root: adapter.path,
					parent: adapter.parent ?? options.baseModels[0]?.id ?? null,
					max_model_len: null,
					permission: [],
				}))
			: [];
		return { object: 'list', data: [...base, ...adapters] };
	}

	function resolveModel(name: unknown): { base: FakeBaseModel; adapter?: FakeAdapter } | undefined {
		const first = options.baseModels[0];
		if ((name === undefined || name === null || name === '') && first) return { base: first };
		const adapter = loaded.find((candidate) => candidate.name === name);
		if (adapter) {
			const base = options.baseModels.find((model) => model.id === adapter.parent) ?? first;
			return base ? { base, adapter } : undefined;
		}
		const base = options.baseModels.find((model) => model.id === name);
		return base ? { base } : undefined;
	}

	function contextLengthMessage(maxLen: number, promptTokens: number, maxTokens: number): string {
		if (versionAtLeast(options.version, '0.12.0')) {
			return `This model's maximum context length is ${maxLen} tokens. However, you requested ${maxTokens} output tokens and your prompt contains at least ${promptTokens} input tokens, for a total of at least ${promptTokens + maxTokens} tokens. Please reduce the length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=${promptTokens})`;
		}
		return `This model's maximum context length is ${maxLen} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`;
	}

	/** The text the structured-output fields of this version make the "model" produce, or undefined when none applies. */
	function structuredText(body: Record<string, unknown>): string | undefined {
		if (!isVllm()) {
			const format = body.response_format as { type?: string; json_schema?: { schema?: JsonSchema } } | undefined;
			return format?.type === 'json_schema' && format.json_schema?.schema ? JSON.stringify(sampleFromSchema(format.json_schema.schema)) : undefined;
		}
		const structured = body.structured_outputs as { json?: JsonSchema } | undefined;
		if (structured?.json && versionAtLeast(options.version, '0.10.2')) return JSON.stringify(sampleFromSchema(structured.json));
		const guided = body.guided_json as JsonSchema | undefined;
		if (guided && !versionAtLeast(options.version, '0.12.0')) return JSON.stringify(sampleFromSchema(guided));
		const format = body.response_format as { type?: string; json_schema?: { schema?: JsonSchema } } | undefined;
		if (format?.type === 'json_schema' && format.json_schema?.schema) return JSON.stringify(sampleFromSchema(format.json_schema.schema));
		return undefined;
	}

	function reasoningFields(reasoning = options.reasoning): Record<string, string> {
		if (reasoning === undefined || !isVllm()) {
			return reasoning !== undefined && options.flavor === 'llama-server' ? { reasoning_content: reasoning } : {};
		}
		if (versionAtLeast(options.version, '0.17.0')) return { reasoning };
		if (versionAtLeast(options.version, '0.11.1')) return { reasoning, reasoning_content: reasoning };
		return { reasoning_content: reasoning };
	}

	type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

	/** check_tool_usage and serving_chat's auto-tool check; `{ error }` is the 400's message. */
	function readToolChoice(body: Record<string, unknown>): { choice: ToolChoice } | { error: string } {
		const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: string } }>) : undefined;
		if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) return { error: 'Stream options can only be defined when `stream=True`.' };
		const hasChoice = 'tool_choice' in body && body.tool_choice !== null && body.tool_choice !== undefined;
		const raw = hasChoice ? body.tool_choice : tools?.length ? 'auto' : 'none';
		if (raw === 'none') return { choice: 'none' };
		if (!tools) return { error: 'When using `tool_choice`, `tools` must be set.' };
		let choice: ToolChoice;
		if (raw === 'auto' || raw === 'required') choice = raw;
		else if (typeof raw === 'object' && raw !== null) {
			const name = (raw as { function?: { name?: string } }).function?.name;
			if (!tools.some((tool) => tool.function?.name === name)) return { error: 'The tool specified in `tool_choice` does not match any of the specified `tools`' };
			choice = { name: String(name) };
		} else return { error: `Invalid value for \`tool_choice\`: ${String(raw)}! Only named tools, "none", "auto" or "required" are supported.` };
		if (choice === 'auto' && !options.toolCalling) return { error: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set' };
		return { choice };
	}

	/** The script's reply, held to what the tool choice forces (guided decoding for required / named). */
	function chatReply(body: Record<string, unknown>, choice: ToolChoice): FakeChatReply {
		const turn = readTurn(body);
		const reply = options.chatScript ? options.chatScript(turn) : echoReply(turn, `[${String(body.model ?? options.baseModels[0]?.id)}]`);
		if (choice === 'none' || turn.tools.length === 0) return { ...reply, toolCalls: [] };
		const forced = typeof choice === 'object' ? turn.tools.find((tool) => tool.name === choice.name) : choice === 'required' ? turn.tools[0] : undefined;
		const calls = (reply.toolCalls ?? []).filter((call) => typeof choice !== 'object' || call.name === choice.name);
		if (forced && calls.length === 0) calls.push({ name: forced.name, arguments: argumentsFromSchema(forced.parameters) as Record<string, unknown> });
		return forced ? { reasoning: reply.reasoning, toolCalls: calls } : { ...reply, toolCalls: calls };
	}

	async function generate(res: http.ServerResponse, body: Record<string, unknown>, kind: 'chat' | 'completion', failure?: FakeFailure): Promise<void> {
		const target = resolveModel(body.model);
		if (!target) {
			sendError(res, 404, 'NotFoundError', `The model \`${String(body.model)}\` does not exist.`);
			return;
		}
		let promptText: string;
		let choice: ToolChoice = 'none';
		if (kind === 'chat') {
			const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
			if (messages.length === 0) {
				sendError(res, 400, 'BadRequestError', 'messages: Field required', 'messages');
				return;
			}
			const read = readToolChoice(body);
			if ('error' in read) {
				sendError(res, 400, 'BadRequestError', read.error);
				return;
			}
			choice = read.choice;
			promptText = messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
		} else {
			if (typeof body.prompt !== 'string') {
				sendError(res, 400, 'BadRequestError', 'prompt: Field required', 'prompt');
				return;
			}
			promptText = body.prompt;
		}
		const promptTokens = countTokens(promptText);
		const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : 0;
		const maxLen = target.base.maxModelLen;
		if (maxLen !== undefined && promptTokens + maxTokens > maxLen) {
			sendError(res, 400, 'BadRequestError', contextLengthMessage(maxLen, promptTokens, maxTokens), 'input_tokens');
			return;
		}

		const latency = Array.isArray(options.latencyMs)
			? options.latencyMs[0] + Math.random() * (options.latencyMs[1] - options.latencyMs[0])
			: options.latencyMs;
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			if (latency > 0) await sleep(latency);
		} finally {
			inFlight--;
		}

		const model = String(body.model ?? target.base.id);
		const reply: FakeChatReply = kind === 'chat' ? chatReply(body, choice) : { content: `[${model}] ${String(body.prompt)}` };
		let content: string | null = structuredText(body) ?? reply.content ?? null;
		let finishReason = 'stop';
		const words = (content ?? '').split(/\s+/);
		if (content !== null && maxTokens > 0 && words.length > maxTokens) {
			content = words.slice(0, maxTokens).join(' ');
			finishReason = 'length';
		}
		const toolCalls = (reply.toolCalls ?? []).map((call) => ({
			id: `chatcmpl-tool-${randomUUID().replace(/-/g, '')}`,
			type: 'function' as const,
			function: { name: call.name, arguments: JSON.stringify(call.arguments) },
		}));
		if (toolCalls.length > 0 && choice === 'auto') finishReason = 'tool_calls';
		const reasoning = reply.reasoning ?? options.reasoning;
		const completionTokens = countTokens(content ?? '') + toolCalls.reduce((sum, call) => sum + countTokens(call.function.arguments), 0);
		const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
		const created = Math.floor(Date.now() / 1000);
		const id = `chatcmpl-${requests.length}`;
		if (kind === 'completion') {
			sendJson(res, 200, {
				id: `cmpl-${requests.length}`,
				object: 'text_completion',
				created,
				model,
				choices: [{ index: 0, text: content ?? '', logprobs: null, finish_reason: finishReason, stop_reason: null }],
				usage,
			});
			return;
		}
		if (body.stream === true) {
			await streamChat(res, { id, created, model, content, reasoning, toolCalls, finishReason, usage, includeUsage: (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true }, failure);
			return;
		}
		sendJson(res, 200, {
			id,
			object: 'chat.completion',
			created,
			model,
			choices: [{ index: 0, message: { role: 'assistant', content, ...reasoningFields(reasoning), tool_calls: toolCalls }, logprobs: null, finish_reason: finishReason, stop_reason: null }],
			usage,
		});
	}

	interface StreamedAnswer {
		id: string;
		created: number;
		model: string;
		content: string | null;
		reasoning: string | undefined;
		toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
		finishReason: string;
		usage: Record<string, number>;
		includeUsage: boolean;
	}

	/** chat_completion_stream_generator: one event per piece, then the finish reason, the usage and [DONE]. */
	async function streamChat(res: http.ServerResponse, answer: StreamedAnswer, failure?: FakeFailure): Promise<void> {
		const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
			id: answer.id,
			object: 'chat.completion.chunk',
			created: answer.created,
			model: answer.model,
			choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
		});
		const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
		for (const piece of streamPieces(answer.reasoning ?? '')) events.push(chunk(reasoningFields(piece)));
		for (const piece of streamPieces(answer.content ?? '')) events.push(chunk({ content: piece }));
		answer.toolCalls.forEach((call, index) => {
			events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name } }] }));
			for (const piece of argumentPieces(call.function.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
		});
		events.push(chunk({}, answer.finishReason));
		if (answer.includeUsage) events.push({ id: answer.id, object: 'chat.completion.chunk', created: answer.created, model: answer.model, choices: [], usage: answer.usage });
		res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
		for (let index = 0; index < events.length; index++) {
			if (failure?.kind === 'mid-stream-cut' && index === failure.afterEvents) {
				// What was written reaches the client first, as when the engine dies mid-answer.
				await sleep(5);
				res.socket?.destroy();
				return;
			}
			if (failure?.kind === 'mid-stream-error' && index === failure.afterEvents) {
				const info = { message: failure.message ?? 'CUDA out of memory. Tried to allocate 2.00 GiB', type: 'InternalServerError', param: null, code: 500 };
				res.write(sseEvent(errorShape() === 'nested' ? { error: info } : { object: 'error', ...info }));
				break;
			}
			res.write(sseEvent(events[index]));
			if (options.streamEventDelayMs > 0) await sleep(options.streamEventDelayMs);
		}
		res.end(sseEvent('[DONE]'));
	}

	async function loadAdapter(res: http.ServerResponse, body: Record<string, unknown>): Promise<void> {
		const name = typeof body.lora_name === 'string' ? body.lora_name : '';
		const path = typeof body.lora_path === 'string' ? body.lora_path : '';
		if (!name || !path) {
			sendError(res, 400, 'InvalidUserInput', "Both 'lora_name' and 'lora_path' must be provided.");
			return;
		}
		await sleep(options.loadLatencyMs);
		const inplace = body.load_inplace === true && versionAtLeast(options.version, '0.14.0');
		if (loaded.some((adapter) => adapter.name === name) && !inplace) {
			const message = versionAtLeast(options.version, '0.14.0')
				? `The lora adapter '${name}' has already been loaded. If you want to load the adapter in place, set 'load_inplace' to True.`
				: `The lora adapter '${name}' has already been loaded.`;
			sendError(res, 400, 'InvalidUserInput', message);
			return;
		}
		if (options.existingAdapterPaths && !options.existingAdapterPaths.includes(path)) {
			sendError(res, 404, 'NotFoundError', `Loading lora ${name} failed: No adapter found for ${path}`);
			return;
		}
		loaded = [...loaded.filter((adapter) => adapter.name !== name), { name, path, parent: options.baseModels[0]?.id }];
		sendText(res, 200, `Success: LoRA adapter '${name}' added successfully.`);
	}

	function unloadAdapter(res: http.ServerResponse, body: Record<string, unknown>): void {
		const name = typeof body.lora_name === 'string' ? body.lora_name : '';
		if (!name) {
			sendError(res, 400, 'InvalidUserInput', "'lora_name' needs to be provided to unload a LoRA adapter.");
			return;
		}
		if (!loaded.some((adapter) => adapter.name === name)) {
			sendError(res, 404, 'NotFoundError', `The lora adapter '${name}' cannot be found.`);
			return;
		}
		loaded = loaded.filter((adapter) => adapter.name !== name);
		sendText(res, 200, `Success: LoRA adapter '${name}' removed successfully.`);
	}

	function authorized(req: http.IncomingMessage, path: string): boolean {
		if (!options.apiKey || !path.startsWith('/v1')) return true;
		const header = req.headers.authorization ?? '';
		const match = /^bearer\s+(.+)$/i.exec(header);
		return match !== null && match[1] === options.apiKey;
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
		const path = (req.url ?? '/').split('?')[0];
		let body: unknown = rawBody;
		try {
			if (rawBody) body = JSON.parse(rawBody);
		} catch {
			// keep the raw text: the route answers 400 below if it wanted JSON
		}
		requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, at: Date.now() });
		if (options.echoAuthorization) echoes.set(res, echoOf(req.headers.authorization));

		const failure = takeFailure(path);
		if (failure && applyFailure(failure, req, res)) return;
		const streamFailure = failure?.kind === 'mid-stream-error' || failure?.kind === 'mid-stream-cut' ? failure : undefined;

		if (!authorized(req, path)) {
			sendJson(res, 401, { error: 'Unauthorized' });
			return;
		}
		const route = `${req.method} ${path}`;
		const jsonBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
		const needsJson = req.method === 'POST';
		if (needsJson && !jsonBody && route !== 'POST /v1/load_lora_adapter' && route !== 'POST /v1/unload_lora_adapter') {
			sendError(res, 400, 'BadRequestError', 'Expecting value: line 1 column 1 (char 0)');
			return;
		}
		switch (route) {
			case 'GET /health':
				res.writeHead(200);
				res.end();
				return;
			case 'GET /version':
				if (!isVllm()) return routeNotFound(res);
				return sendJson(res, 200, { version: options.version });
			case 'GET /v1/models':
				return sendJson(res, 200, modelList());
			case 'POST /v1/chat/completions':
				return generate(res, jsonBody ?? {}, 'chat', streamFailure);
			case 'POST /v1/completions':
				return generate(res, jsonBody ?? {}, 'completion');
			case 'POST /v1/load_lora_adapter':
			case 'POST /v1/unload_lora_adapter': {
				if (!isVllm() || !options.runtimeLora) return routeNotFound(res);
				if (!jsonBody) return sendError(res, 400, 'BadRequestError', 'Unsupported Media Type: Only \'application/json\' is allowed');
				return route === 'POST /v1/load_lora_adapter' ? loadAdapter(res, jsonBody) : unloadAdapter(res, jsonBody);
			}
			default:
				return routeNotFound(res);
		}
	}

	const server = http.createServer((req, res) => {
		res.on('close', () => {
			if (!res.writableFinished) aborted++;
		});
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
				if (!res.headersSent) sendError(res, 500, 'InternalServerError', String(error));
			});
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		count: (method, path) => requests.filter((request) => request.method === method && request.path === path).length,
		maxInFlight: () => maxInFlight,
		resetMaxInFlight: () => {
			maxInFlight = inFlight;
		},
		abortedCount: () => aborted,
		loadedAdapters: () => [...loaded],
		setOptions(patch) {
			options = { ...options, ...patch };
			if (patch.adapters) loaded = [...patch.adapters];
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** A URL on which nothing listens: connecting is refused. */
export async function closedPortUrl(): Promise<string> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}
