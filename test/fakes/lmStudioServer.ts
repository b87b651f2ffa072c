/**
 * A loopback HTTP fake of the LM Studio server, for tests. It reproduces three versions, as
 * LM Studio's docs (https://lmstudio.ai/docs/developer, API changelog at
 * https://lmstudio.ai/docs/developer/api-changelog) and its bug tracker
 * (https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/<number>) record them:
 *
 * - '0.3.5':  OpenAI-compatible routes only (/v1/models, /v1/chat/completions). The REST API v0
 *             "Requires LM Studio 0.3.6 or newer" (https://lmstudio.ai/docs/developer/rest/endpoints).
 * - '0.3.31': /v1/* plus REST API v0 (/api/v0/models, /api/v0/chat/completions with `stats`,
 *             `model_info`, `runtime`, same page). gpt-oss reasoning in `message.reasoning` (0.3.23+, changelog).
 * - '0.4.8':  all of the above plus the native v1 REST API (/api/v1/models, /api/v1/models/load,
 *             /api/v1/models/unload; https://lmstudio.ai/docs/developer/rest), `capabilities.reasoning`
 *             in the model list (0.4.8, tracker #1659), and optional "Require Authentication"
 *             (0.4.0+, https://lmstudio.ai/docs/developer/core/authentication).
 *
 * Behaviour reproduced: unknown routes answer HTTP 200 with an error body (tracker #1879, "Returning 200
 * anyway"; the body text is our rendering of that log line), model-not-found (404 on 0.3,
 * https://github.com/letta-ai/letta/pull/1876; 400 "Invalid model identifier" on 0.4,
 * https://github.com/QwenLM/qwen-code/issues/10065), "No models loaded" 400 when JIT is off (tracker #1730),
 * the model-crashed error as a plain string, the missing-token 401
 * (https://github.com/agustif/opencode-lmstudio/issues/41), JIT loading with `ttl`
 * (https://lmstudio.ai/docs/developer/core/ttl-and-auto-evict), listing only loaded models when JIT is off
 * (tracker #726), `reasoning` or `reasoning_content` (tracker #988, #1602), structured output as a JSON string
 * in `content` (https://lmstudio.ai/docs/developer/openai-compat/structured-output).
 *
 * Knobs: per-request latency, injected failures (drop, reset mid-body, status such as 429 with
 * Retry-After or 503, malformed JSON, hang), going down (connection refused). Every request is
 * logged, including whether the client went away before the answer.
 *
 * Tool use and streaming on /v1/chat/completions (https://lmstudio.ai/docs/developer/openai-compat/tools,
 * lmstudio-ai/docs 1_developer/3_openai-compat/tools.md @15a1299, and the api-changelog):
 * - `tools` in the OpenAI format; calls come back in `message.tool_calls` with numeric-string ids
 *   ("365174485"), `type: "function"`, arguments as a JSON text, no `content`, and
 *   `finish_reason: "tool_calls"`. `tool_choice` "auto" | "none" | "required" (0.3.15), `required`
 *   only with the llama.cpp engine (GGUF), so an MLX model decides as with "auto".
 * - `stream: true`: `chat.completion.chunk` events; a tool call streams as a first piece with
 *   `index`, `id`, `type`, `function.name` and `arguments: ""`, then pieces with argument text only
 *   (the docs' ChoiceDeltaToolCall listing); reasoning as `delta.reasoning` (0.3.23) or
 *   `delta.reasoning_content` (the app toggle); a usage event with `stream_options.include_usage`
 *   from 0.3.18; then `data: [DONE]`. Errors inside a stream "follow the format expected by OpenAI
 *   clients" (0.3.18): one `data: {"error": {...}}` event (the exact fields are our rendering).
 * What the model answers comes from `chatScript` (test/fakes/chatScript.ts) when set.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { echoOf, withEcho } from './echo';
import { argumentPieces, argumentsFromSchema, readTurn, sseEvent, streamPieces, type FakeChatReply, type FakeChatScript } from './chatScript';
import { defaultFakeModels, type FakeModel } from './lmStudioModels';

export type LmStudioFakeVersion = '0.3.5' | '0.3.31' | '0.4.8';

export type FakeFailureKind = 'drop' | 'reset' | 'status' | 'malformed' | 'hang' | 'mid-stream-error' | 'mid-stream-cut';

export interface FakeFailure {
	kind: FakeFailureKind;
	/** Exact path (e.g. '/api/v0/chat/completions'); absent = any path. */
	path?: string;
	/** How many matching requests fail; default 1. */
	times?: number;
	/** For kind 'status': the status (default 503) and an optional Retry-After in seconds. */
	status?: number;
	retryAfterSeconds?: number;
	/** For kind 'status': the body to send instead of the injected error (e.g. a 200 without a completion). */
	body?: string;
	/** For the mid-stream kinds: how many events go out before the failure. */
	afterEvents?: number;
}

export interface LmStudioFakeOptions {
	version?: LmStudioFakeVersion;
	models?: FakeModel[];
	/** When set (0.4 only), every request needs `Authorization: Bearer <apiToken>`. */
	apiToken?: string;
	/** JIT loading (LM Studio default: on). */
	jit?: boolean;
	/** Where reasoning goes: 'reasoning' (0.3.23+ default) or 'reasoning_content' (the app toggle). */
	reasoningField?: 'reasoning' | 'reasoning_content';
	/** Delay before answering, fixed or per request. */
	latencyMs?: number | ((request: FakeRequest) => number);
	failures?: FakeFailure[];
	/** true = stop listening (clients get ECONNREFUSED) until set back to false. */
	down?: boolean;
	/**
	 * Echo the received Authorization header (and the token in other forms) in every answer: JSON text fields and an
	 * `echo` field, other bodies, and an `x-echo-authorization` header.
	 */
	echoAuthorization?: boolean;
	/** What the model answers in chats; default: the deterministic reply below. */
	chatScript?: FakeChatScript;
	/** Port on 127.0.0.1; default: any free port. */
	port?: number;
}

export interface FakeRequest {
	method: string;
	path: string;
	authorization: string | undefined;
	body: unknown;
	/** The answer's status, once sent. */
	status?: number;
	/** The client closed the connection before the answer was complete. */
	clientAborted: boolean;
	injected?: FakeFailureKind;
}

export interface LmStudioFake {
	url: string;
	version: LmStudioFakeVersion;
	requests: FakeRequest[];
	/** Requests to this path (method optional). */
	count(path: string, method?: string): number;
	/** Most requests in flight at once since start. */
	readonly maxInFlight: number;
	/** Starts a new maximum from the requests in flight now (the bench reads one per measurement). */
	resetMaxInFlight(): void;
	/** Loaded instance ids per model key, as the server sees them now. */
	loadedInstances(): Record<string, string[]>;
	setOptions(options: Partial<LmStudioFakeOptions>): Promise<void>;
	close(): Promise<void>;
}

interface Instance {
	id: string;
	contextLength: number;
	ttlSeconds?: number;
}

interface VersionProfile {
	restV0: boolean;
	restV1: boolean;
	auth: boolean;
	reasoningCapability: boolean;
	modelNotFound: (model: string, known: string[]) => { status: number; body: unknown };
}

const VERSION_PROFILES: Record<LmStudioFakeVersion, VersionProfile> = {
	'0.3.5': { restV0: false, restV1: false, auth: false, reasoningCapability: false, modelNotFound: notFound03 },
	'0.3.31': { restV0: true, restV1: false, auth: false, reasoningCapability: false, modelNotFound: notFound03 },
	'0.4.8': { restV0: true, restV1: true, auth: true, reasoningCapability: true, modelNotFound: notFound04 },
};

function notFound03(model: string, known: string[]) {
	return {
		status: 404,
		body: {
			error: {
				message: `Model "${model}" not found. Please specify a valid model.\n\nYour models:\n\n${known.join('\n')}`,
				type: 'invalid_request_error',
				param: 'model',
				code: 'model_not_found',
			},
		},
	};
}

function notFound04(model: string, known: string[]) {
	return {
		status: 400,
		body: {
			error: {
				message: `Invalid model identifier "${model}". Please specify a valid downloaded model (e.g., ${known[0] ?? 'none'}).`,
				type: 'invalid_request_error',
				param: 'model',
				code: 'model_not_found',
			},
		},
	};
}

const RUNTIMES: Record<FakeModel['format'], { name: string; version: string; supported_formats: string[] }> = {
	gguf: { name: 'llama.cpp-linux-x86_64-nvidia-cuda12-avx2', version: '1.48.0', supported_formats: ['gguf'] },
	mlx: { name: 'mlx-llm-mac-arm64-apple-metal-advsimd', version: '0.26.0', supported_formats: ['safetensors'] },
};

type Json = Record<string, unknown>;
/** `events`: answer as a server-sent event stream instead of one JSON body. */
type Answer = { status: number; body: unknown; headers?: Record<string, string>; events?: unknown[] };

export async function startLmStudioFake(options: LmStudioFakeOptions = {}): Promise<LmStudioFake> {
	const version = options.version ?? '0.4.8';
	const profile = VERSION_PROFILES[version];
	let current: LmStudioFakeOptions = { jit: true, reasoningField: 'reasoning', ...options };
	if (current.apiToken && !profile.auth) throw new Error(`LM Studio ${version} has no authentication (0.4.0+).`);
	const models = current.models ?? defaultFakeModels();
	const instances = new Map<string, Instance[]>();
	for (const model of models) {
		if (model.loadedContextLength === undefined) continue;
		const list = [{ id: model.key, contextLength: model.loadedContextLength }];
		for (let n = 2; n <= (model.extraInstances ?? 0) + 1; n++) {
			list.push({ id: `${model.key}:${n}`, contextLength: model.loadedContextLength });
		}
		instances.set(model.key, list);
	}
	const failures: FakeFailure[] = [...(current.failures ?? [])];
	const requests: FakeRequest[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const later = (ms: number, run: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			run();
		}, ms);
		timers.add(timer);
	};
	let inFlight = 0;
	let maxInFlight = 0;

	const isLoaded = (key: string) => (instances.get(key)?.length ?? 0) > 0;
	const findModel = (key: string) => models.find((m) => m.key === key || instances.get(m.key)?.some((i) => i.id === key));
	const listed = () => models.filter((m) => current.jit || isLoaded(m.key));

	function takeFailure(path: string): FakeFailure | undefined {
		const index = failures.findIndex((f) => (f.path === undefined || f.path === path) && (f.times ?? 1) > 0);
		if (index < 0) return undefined;
		const failure = failures[index];
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) failures.splice(index, 1);
		return failure;
	}

	function route(method: string, path: string, body: Json | null): Answer {
		// Byte for byte what LM Studio 0.3.14 sent to curl (lmstudio-bug-tracker#618); 0.4.x still logs "Returning 200 anyway" (#2085).
		const unexpected = { status: 200, body: { error: `Unexpected endpoint or method. (${method} ${path})` } };
		const key = `${method} ${path}`;
		if (key === 'GET /v1/models') return { status: 200, body: { object: 'list', data: listed().map(openAiModel) } };
		if (key === 'POST /v1/chat/completions') return chat(body, false);
		if (key === 'POST /v1/responses') {
			return { status: 400, body: { error: { type: 'invalid_request', code: 'missing_required_parameter', message: 'Required parameter missing: text.format' } } };
		}
		if (profile.restV0) {
			if (key === 'GET /api/v0/models') return { status: 200, body: { object: 'list', data: listed().map(v0Model) } };
			if (key === 'POST /api/v0/chat/completions') return chat(body, true);
		}
		if (profile.restV1) {
			if (key === 'GET /api/v1/models') return { status: 200, body: { models: models.map(v1Model) } };
			if (key === 'POST /api/v1/models/load') return load(body);
			if (key === 'POST /api/v1/models/unload') return unload(body);
		}
		return unexpected;
	}

	function openAiModel(model: FakeModel) {
		return { id: model.key, object: 'model', owned_by: 'organization_owner' };
	}

	function v0Model(model: FakeModel) {
		const loaded = instances.get(model.key)?.[0];
		return {
			id: model.key,
			object: 'model',
			type: model.type === 'embedding' ? 'embeddings' : model.type,
			publisher: model.publisher,
			arch: model.architecture,
			compatibility_type: model.format,
			quantization: model.quantization,
			state: loaded ? 'loaded' : 'not-loaded',
			max_context_length: model.maxContextLength,
			...(loaded ? { loaded_context_length: loaded.contextLength } : {}),
			capabilities: model.type === 'embedding' ? [] : ['tool_use'],
		};
	}

	function v1Model(model: FakeModel) {
		const capabilities: Json = { vision: model.type === 'vlm', trained_for_tool_use: model.type !== 'embedding' };
		if (profile.reasoningCapability && model.reasoning) {
			capabilities.reasoning = { allowed_options: model.reasoning.allowedOptions, default: model.reasoning.default };
		}
		return {
			type: model.type === 'embedding' ? 'embedding' : 'llm',
			publisher: model.publisher,
			key: model.key,
			display_name: model.displayName,
			architecture: model.architecture,
			quantization: { name: model.quantization, bits_per_weight: model.bitsPerWeight },
			size_bytes: model.sizeBytes,
			params_string: model.paramsString,
			loaded_instances: (instances.get(model.key) ?? []).map((instance) => ({
				id: instance.id,
				config: {
					context_length: instance.contextLength,
					eval_batch_size: 512,
					parallel: 4,
					flash_attention: true,
					offload_kv_cache_to_gpu: true,
				},
			})),
			max_context_length: model.maxContextLength,
			format: model.format,
			capabilities,
			description: null,
			variants: [model.key],
			selected_variant: model.key,
		};
	}

	function load(body: Json | null): Answer {
		const key = typeof body?.model === 'string' ? body.model : '';
		if (!key) return v1Error(400, 'invalid_request', '"model" is required', 'missing_required_parameter');
		const model = models.find((m) => m.key === key);
		if (!model) return v1Error(404, 'model_not_found', `Model "${key}" not found`, 'model_not_found');
		const list = instances.get(key) ?? [];
		const id = list.length === 0 ? key : `${key}:${list.length + 1}`;
		const contextLength = typeof body?.context_length === 'number' ? body.context_length : Math.min(4096, model.maxContextLength);
		list.push({ id, contextLength });
		instances.set(key, list);
		const loadConfig = { context_length: contextLength, eval_batch_size: body?.eval_batch_size ?? 512, flash_attention: body?.flash_attention ?? true };
		return {
			status: 200,
			body: {
				type: model.type === 'embedding' ? 'embedding' : 'llm',
				instance_id: id,
				load_time_seconds: 2.656,
				status: 'loaded',
				...(body?.echo_load_config ? { load_config: loadConfig } : {}),
			},
		};
	}

	function unload(body: Json | null): Answer {
		const id = typeof body?.instance_id === 'string' ? body.instance_id : '';
		if (!id) return v1Error(400, 'invalid_request', '"instance_id" is required', 'missing_required_parameter');
		for (const [key, list] of instances) {
			const index = list.findIndex((instance) => instance.id === id);
			if (index < 0) continue;
			list.splice(index, 1);
			if (list.length === 0) instances.delete(key);
			return { status: 200, body: { instance_id: id } };
		}
		return v1Error(404, 'model_not_found', `No loaded model instance with id "${id}"`, 'model_not_found');
	}

	function chat(body: Json | null, withStats: boolean): Answer {
		const requested = typeof body?.model === 'string' ? body.model : '';
		const messages = Array.isArray(body?.messages) ? (body?.messages as Json[]) : [];
		if (messages.length === 0) return { status: 400, body: { error: { message: "'messages' field is required", type: 'invalid_request_error', param: 'messages', code: null } } };
		let model = findModel(requested);
		if (!model && !current.jit) {
			// #619: with JIT off and a model loaded, a wrong name is served by the loaded model.
			model = models.find((m) => isLoaded(m.key));
		}
		if (!model) {
			if (!current.jit && ![...instances.values()].some((list) => list.length > 0)) {
				return { status: 400, body: { error: { message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.", type: 'invalid_request_error', param: 'model', code: null } } };
			}
			return profile.modelNotFound(requested, models.map((m) => m.key));
		}
		if (!isLoaded(model.key)) {
			if (!current.jit) {
				return { status: 400, body: { error: { message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.", type: 'invalid_request_error', param: 'model', code: null } } };
			}
			const ttlSeconds = typeof body?.ttl === 'number' ? body.ttl : 3600;
			instances.set(model.key, [{ id: model.key, contextLength: Math.min(4096, model.maxContextLength), ttlSeconds }]);
		}
		if (model.crashes) return { status: 400, body: { error: 'The model has crashed without additional information. (Exit code: 18446744072635812000)' } };
		const instance = (instances.get(model.key) ?? [])[0];
		const lastUser = [...messages].reverse().find((m) => m.role === 'user');
		const prompt = typeof lastUser?.content === 'string' ? lastUser.content : '';
		const answer = composeAnswer(model, prompt, body ?? {});
		const toolCalls = toolCallsFor(model, body ?? {}, answer);
		const promptTokens = countWords(messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join(' '));
		const completionTokens = countWords(answer.content) + countWords(answer.reasoning ?? '');
		const message: Json = toolCalls.length > 0 && answer.content === '' ? { role: 'assistant' } : { role: 'assistant', content: answer.content };
		if (answer.reasoning !== undefined) message[current.reasoningField ?? 'reasoning'] = answer.reasoning;
		if (toolCalls.length > 0) message.tool_calls = toolCalls;
		const finishReason = toolCalls.length > 0 ? 'tool_calls' : answer.finishReason;
		const response: Json = {
			id: `chatcmpl-${requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: instance.id,
			choices: [{ index: 0, logprobs: null, finish_reason: finishReason, message }],
			usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
			system_fingerprint: model.key,
		};
		if (body?.stream === true && !withStats) return { status: 200, body: null, events: streamEvents(response, message, toolCalls, body) };
		if (withStats) {
			const generationTime = 0.5;
			response.stats = {
				tokens_per_second: completionTokens / generationTime,
				time_to_first_token: 0.111,
				generation_time: generationTime,
				stop_reason: answer.stopReason,
			};
			response.model_info = { arch: model.architecture, quant: model.quantization, format: model.format, context_length: instance.contextLength };
			response.runtime = RUNTIMES[model.format];
		}
		return { status: 200, body: response };
	}

	/** The reply of the script (or the default), as LM Studio's tool parsing would return it. */
	function toolCallsFor(model: FakeModel, body: Json, answer: ComposedAnswer): Json[] {
		const turn = readTurn(body);
		const choice = body.tool_choice ?? 'auto';
		let reply: FakeChatReply = { content: answer.content, reasoning: answer.reasoning };
		if (current.chatScript) {
			reply = current.chatScript(turn);
			answer.content = reply.content ?? '';
			answer.reasoning = reply.reasoning ?? answer.reasoning;
		}
		if (turn.tools.length === 0 || choice === 'none') return [];
		const calls = [...(reply.toolCalls ?? [])];
		if (calls.length === 0 && choice === 'required' && model.format === 'gguf') {
			calls.push({ name: turn.tools[0].name, arguments: argumentsFromSchema(turn.tools[0].parameters) as Json });
		}
		if (calls.length > 0 && !current.chatScript) answer.content = '';
		return calls.map((call) => ({
			id: String(100_000_000 + Math.floor(Math.random() * 899_999_999)),
			type: 'function',
			function: { name: call.name, arguments: JSON.stringify(call.arguments) },
		}));
	}

	/** The same answer as chat.completion.chunk events (see the header for the shapes). */
	function streamEvents(response: Json, message: Json, toolCalls: Json[], body: Json): unknown[] {
		const [choice] = response.choices as Json[];
		const chunk = (delta: Json, finishReason: unknown = null) => ({
			id: response.id,
			object: 'chat.completion.chunk',
			created: response.created,
			model: response.model,
			system_fingerprint: response.system_fingerprint,
			choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
		});
		const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
		const reasoningField = current.reasoningField ?? 'reasoning';
		for (const piece of streamPieces(String(message[reasoningField] ?? ''))) events.push(chunk({ [reasoningField]: piece }));
		for (const piece of streamPieces(String(message.content ?? ''))) events.push(chunk({ content: piece }));
		toolCalls.forEach((call, index) => {
			const fn = call.function as { name: string; arguments: string };
			events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: fn.name, arguments: '' } }] }));
			for (const piece of argumentPieces(fn.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
		});
		events.push(chunk({}, choice.finish_reason));
		const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
		if (includeUsage && version !== '0.3.5') events.push({ ...chunk({}), choices: [], usage: response.usage });
		return events;
	}

	const server = http.createServer((req, res) => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		let finished = false;
		const entry: FakeRequest = {
			method: req.method ?? 'GET',
			path: (req.url ?? '/').split('?')[0],
			authorization: req.headers.authorization,
			body: undefined,
			clientAborted: false,
		};
		requests.push(entry);
		res.on('close', () => {
			inFlight--;
			if (!res.writableFinished) entry.clientAborted = true;
			finished = true;
		});
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: Json | null = null;
			if (raw.length > 0) {
				try {
					body = JSON.parse(raw) as Json;
					entry.body = body;
				} catch {
					entry.body = raw;
				}
			}
			const latency = typeof current.latencyMs === 'function' ? current.latencyMs(entry) : (current.latencyMs ?? 0);
			later(latency, () => {
				if (!finished) respond(entry, body, raw, res);
			});
		});
	});

	function respond(entry: FakeRequest, body: Json | null, raw: string, res: http.ServerResponse) {
		const taken = takeFailure(entry.path);
		const streamFailure = taken?.kind === 'mid-stream-error' || taken?.kind === 'mid-stream-cut' ? taken : undefined;
		const failure = streamFailure ? undefined : taken;
		if (failure) {
			entry.injected = failure.kind;
			if (failure.kind === 'hang') return;
			if (failure.kind === 'drop') return void res.socket?.destroy();
			if (failure.kind === 'reset') {
				res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '400' });
				res.write('{"id":"chatcmpl-reset","object":"chat.completion","choices":[{"index":0,');
				later(5, () => res.socket?.destroy());
				return;
			}
			if (failure.kind === 'malformed') return send(entry, res, 200, '{"id":"chatcmpl-bad","choices":[{', {});
			const status = failure.status ?? 503;
			const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {};
			const injected = failure.body ?? JSON.stringify({ error: { message: `Injected HTTP ${status}`, type: 'server_error', code: null } });
			return send(entry, res, status, injected, headers);
		}
		if (current.apiToken && entry.authorization !== `Bearer ${current.apiToken}`) {
			return send(entry, res, 401, JSON.stringify(missingToken()), {});
		}
		if (raw.length > 0 && body === null) {
			return send(entry, res, 400, JSON.stringify({ error: { message: `Unexpected token in JSON body`, type: 'invalid_request_error' } }), {});
		}
		const answer = route(entry.method, entry.path, body);
		if (answer.events) return void stream(entry, res, answer.events, streamFailure);
		send(entry, res, answer.status, JSON.stringify(answer.body), answer.headers ?? {});
	}

	function stream(entry: FakeRequest, res: http.ServerResponse, events: unknown[], failure: FakeFailure | undefined) {
		entry.status = 200;
		if (failure) entry.injected = failure.kind;
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
		for (let index = 0; index < events.length; index++) {
			if (failure && index === (failure.afterEvents ?? 1)) {
				if (failure.kind === 'mid-stream-cut') return void later(5, () => res.socket?.destroy());
				res.write(sseEvent({ error: { message: 'The model has crashed without additional information. (Exit code: 18446744072635812000)', type: 'server_error', param: null, code: null } }));
				break;
			}
			res.write(sseEvent(events[index]));
		}
		res.end(sseEvent('[DONE]'));
	}

	function send(entry: FakeRequest, res: http.ServerResponse, status: number, text: string, headers: Record<string, string>) {
		entry.status = status;
		const echo = current.echoAuthorization ? echoOf(entry.authorization) : undefined;
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers, ...(echo === undefined ? {} : { 'x-echo-authorization': echo }) });
		res.end(echo === undefined ? text : echoed(text, echo));
	}

	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	const dropSockets = () => {
		for (const socket of sockets) socket.destroy();
		sockets.clear();
	};

	await listen(server, options.port ?? 0);
	const port = (server.address() as AddressInfo).port;

	const fake: LmStudioFake = {
		url: `http://127.0.0.1:${port}`,
		version,
		requests,
		count: (path, method) => requests.filter((r) => r.path === path && (!method || r.method === method)).length,
		get maxInFlight() {
			return maxInFlight;
		},
		resetMaxInFlight: () => {
			maxInFlight = inFlight;
		},
		loadedInstances: () => Object.fromEntries([...instances].map(([key, list]) => [key, list.map((i) => i.id)])),
		async setOptions(next) {
			const wasDown = current.down === true;
			current = { ...current, ...next };
			if (next.failures) failures.splice(0, failures.length, ...next.failures);
			if (current.down && !wasDown) {
				dropSockets();
				await new Promise<void>((resolve) => server.close(() => resolve()));
			} else if (!current.down && wasDown) {
				await listen(server, port);
			}
		},
		async close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			dropSockets();
			if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return fake;
}

/** JSON answers get the echo in their text fields; anything else (malformed bodies) gets it appended. */
function echoed(text: string, echo: string): string {
	try {
		return JSON.stringify(withEcho(JSON.parse(text), echo));
	} catch {
		return `${text} [${echo}]`;
	}
}

function listen(server: http.Server, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
}

function v1Error(status: number, type: string, message: string, code: string): Answer {
	return { status, body: { error: { type, message, code } } };
}

function missingToken() {
	return {
		error: {
			type: 'invalid_request',
			code: 'invalid_api_key',
			message:
				"An LM Studio API token is required to make requests to this server, but none was provided using the Authorization header using the 'Bearer' scheme (i.e., 'Authorization: Bearer $LM_API_TOKEN'). Learn more at: https://lmstudio.ai/docs/developer/core/authentication.",
		},
	};
}

function countWords(text: string): number {
	const trimmed = text.trim();
	return trimmed.length === 0 ? 0 : trimmed.split(/\s+/).length;
}

interface ComposedAnswer {
	content: string;
	reasoning?: string;
	finishReason: 'stop' | 'length';
	stopReason: 'eosFound' | 'stopStringFound' | 'maxPredictedTokensReached';
}

/** A deterministic answer: the tests assert the request mapping, not the prose. */
function composeAnswer(model: FakeModel, prompt: string, body: Json): ComposedAnswer {
	const reasoning = model.reasoning ? `The user asks: ${prompt}. Answer briefly.` : undefined;
	const format = body.response_format as Json | undefined;
	const schema = (format?.json_schema as Json | undefined)?.schema;
	if (format?.type === 'json_schema' && schema) {
		return { content: JSON.stringify(exampleFromSchema(schema)), reasoning, finishReason: 'stop', stopReason: 'eosFound' };
	}
	let content = `Reply from ${model.key} to: ${prompt}`;
	let stopReason: ComposedAnswer['stopReason'] = 'eosFound';
	const stops = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? (body.stop as string[]) : [];
	for (const stop of stops) {
		const at = content.indexOf(stop);
		if (at >= 0) {
			content = content.slice(0, at);
			stopReason = 'stopStringFound';
		}
	}
	const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
	const words = content.split(/\s+/);
	if (maxTokens !== undefined && maxTokens >= 0 && words.length > maxTokens) {
		return { content: words.slice(0, maxTokens).join(' '), reasoning, finishReason: 'length', stopReason: 'maxPredictedTokensReached' };
	}
	return { content, reasoning, finishReason: 'stop', stopReason };
}

function exampleFromSchema(schema: unknown): unknown {
	const node = (schema ?? {}) as Json;
	if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
	switch (node.type) {
		case 'object': {
			const properties = (node.properties ?? {}) as Record<string, unknown>;
			return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleFromSchema(sub)]));
		}
		case 'array':
			return [exampleFromSchema(node.items)];
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return true;
		default:
			return 'example';
	}
}
