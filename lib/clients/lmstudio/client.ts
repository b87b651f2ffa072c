/**
 * LM Studio client: lists, loads and unloads models, and generates through the route that
 * returns LM Studio's statistics (/api/v0/chat/completions), falling back to the
 * OpenAI-compatible /v1/chat/completions. Never /v1/responses (n8n-io/n8n #26643).
 */
import { OverlayError, inputError, isOverlayError } from '../../errors';
import { HttpClient, type HttpRequest, type HttpResponse } from '../http';
import { detectLmStudioApis, forgetLmStudioApis, isMissingRoute, isUnexpectedEndpointBody } from './capabilities';
import { SERVER_LABEL, describeLmStudioError, needsRestV1 } from './errors';
import { buildChatBody, checkReasoningEffort, readGeneration, type LmStudioGenerateInput } from './generateBody';
import { isLmStudioChat } from './chatShape';
import { fromOpenAi, fromV0, fromV1, sortModels } from './models';
import {
	lmStudioChatSchema,
	type LmStudioChat,
	loadResponseSchema,
	openAiModelListSchema,
	unloadResponseSchema,
	v0ModelListSchema,
	v1ModelListSchema,
} from './schemas';
import type {
	ChatEndpoint,
	LmStudioApis,
	LmStudioGeneration,
	LmStudioModel,
	LoadModelResult,
	ModelListSource,
	UnloadModelResult,
} from './types';

export const LMSTUDIO_DEFAULT_BASE_URL = 'http://localhost:1234';

export interface LmStudioClientConfig {
	baseUrl: string;
	/** LM Studio 0.4 "Require Authentication" token; sent as Bearer only when set. */
	apiToken?: string;
	/** Per request; 0 = none. Default 10 minutes. */
	timeoutMs?: number;
	retries?: number;
	retryBaseDelayMs?: number;
	/** Most connections open to the server at once: the node's concurrency (default 256). */
	maxSockets?: number;
}

export interface LoadModelInput {
	model: string;
	contextLength?: number;
	evalBatchSize?: number;
	flashAttention?: boolean;
	numExperts?: number;
	offloadKvCacheToGpu?: boolean;
}

export interface ModelList {
	models: LmStudioModel[];
	source: ModelListSource;
}

export class LmStudioClient {
	readonly http: HttpClient;
	private readonly tokenSet: boolean;
	private v1Models: Promise<LmStudioModel[]> | undefined;

	constructor(config: LmStudioClientConfig) {
		this.http = new HttpClient({
			baseUrl: config.baseUrl || LMSTUDIO_DEFAULT_BASE_URL,
			apiKey: config.apiToken,
			serverLabel: SERVER_LABEL,
			timeoutMs: config.timeoutMs,
			retries: config.retries,
			retryBaseDelayMs: config.retryBaseDelayMs,
			maxSockets: config.maxSockets,
		});
		this.tokenSet = !!config.apiToken?.trim();
	}

	get baseUrl(): string {
		return this.http.baseUrl;
	}

	apis(signal?: AbortSignal): Promise<LmStudioApis> {
		return detectLmStudioApis(this.http, signal, describeLmStudioError({ tokenSet: this.tokenSet }));
	}

	/** From the richest list the server has: /api/v1/models, then /api/v0/models, then /v1/models. */
	async listModels(signal?: AbortSignal): Promise<ModelList> {
		const apis = await this.apis(signal);
		if (apis.restV1) return { models: sortModels(await this.fetchV1Models(signal)), source: '/api/v1/models' };
		if (apis.restV0) {
			const response = await this.send({ method: 'GET', path: '/api/v0/models', schema: v0ModelListSchema, signal });
			return { models: sortModels(response.data.data.map(fromV0)), source: '/api/v0/models' };
		}
		const response = await this.send({ method: 'GET', path: '/v1/models', schema: openAiModelListSchema, signal });
		return { models: sortModels(response.data.data.map(fromOpenAi)), source: '/v1/models' };
	}

	async loadModel(input: LoadModelInput, signal?: AbortSignal): Promise<LoadModelResult> {
		const model = input.model?.trim();
		if (!model) throw inputError('No model was chosen to load.', 'Pick a model from the list, or give its key (e.g. openai/gpt-oss-20b).');
		await this.requireRestV1('Load Model', signal);
		const body: Record<string, unknown> = { model, echo_load_config: true };
		if (input.contextLength !== undefined) body.context_length = input.contextLength;
		if (input.evalBatchSize !== undefined) body.eval_batch_size = input.evalBatchSize;
		if (input.flashAttention !== undefined) body.flash_attention = input.flashAttention;
		if (input.numExperts !== undefined) body.num_experts = input.numExperts;
		if (input.offloadKvCacheToGpu !== undefined) body.offload_kv_cache_to_gpu = input.offloadKvCacheToGpu;
		// Not retried: a load that reached the server before the connection broke would run twice.
		const response = await this.send({ method: 'POST', path: '/api/v1/models/load', body, schema: loadResponseSchema, signal, retry: false }, model);
		this.v1Models = undefined;
		return {
			model,
			instanceId: response.data.instance_id,
			loadTimeSec: response.data.load_time_seconds ?? null,
			status: response.data.status ?? null,
			loadConfig: response.data.load_config ?? null,
		};
	}

	/** `model` is a model key (every loaded instance is unloaded) or one instance id ("key:2"). */
	async unloadModel(input: { model: string }, signal?: AbortSignal): Promise<UnloadModelResult> {
		const name = input.model?.trim();
		if (!name) throw inputError('No model was chosen to unload.', 'Pick a loaded model from the list, or give its key or instance id.');
		await this.requireRestV1('Unload Model', signal);
		this.v1Models = undefined;
		const models = await this.fetchV1Models(signal);
		// A model's first instance id equals its key; the key means "every instance".
		const byKey = models.find((m) => m.key === name);
		const byInstance = byKey ? undefined : models.find((m) => m.loadedInstances.some((instance) => instance.id === name));
		if (!byInstance && !byKey) {
			const loaded = models.flatMap((m) => m.loadedInstances.map((instance) => instance.id));
			throw inputError(
				`LM Studio has no model or loaded instance "${name}".`,
				loaded.length > 0 ? `Loaded now: ${loaded.join(', ')}.` : 'No model is loaded now, so there is nothing to unload.',
			);
		}
		const ids = byKey ? byKey.loadedInstances.map((instance) => instance.id) : [name];
		for (const id of ids) {
			await this.send({ method: 'POST', path: '/api/v1/models/unload', body: { instance_id: id }, schema: unloadResponseSchema, signal, retry: false }, name);
		}
		this.v1Models = undefined;
		return { model: (byKey ?? byInstance)?.key ?? name, unloadedInstanceIds: ids, wasLoaded: ids.length > 0 };
	}

	async generate(input: LmStudioGenerateInput, signal?: AbortSignal): Promise<LmStudioGeneration> {
		const body = buildChatBody(input);
		const apis = await this.apis(signal);
		const warnings = input.reasoningEffort ? await this.reasoningWarnings(input, apis, signal) : [];
		let endpoint: ChatEndpoint = apis.restV0 ? '/api/v0/chat/completions' : '/v1/chat/completions';
		let response = await this.chat(endpoint, body, input.model, signal);
		if (response === 'missing' && endpoint === '/api/v0/chat/completions') {
			forgetLmStudioApis(this.http.baseUrl);
			endpoint = '/v1/chat/completions';
			response = await this.chat(endpoint, body, input.model, signal);
		}
		if (response === 'missing') {
			throw new OverlayError('unsupported', `The server at ${this.baseUrl} has no /v1/chat/completions route; it does not look like LM Studio.`, {
				url: this.baseUrl,
				hint: `Is LM Studio's server running at ${this.baseUrl}? Start it in LM Studio > Developer, or with \`lms server start\`.`,
			});
		}
		const generation = readGeneration(response.data, endpoint, response.latencyMs, input);
		generation.warnings.unshift(...warnings);
		return generation;
	}

	/** 'missing' when the route does not exist on this server (404/405, or LM Studio's 200 "Unexpected endpoint"). */
	private async chat(endpoint: ChatEndpoint, body: Record<string, unknown>, model: string, signal?: AbortSignal): Promise<HttpResponse<LmStudioChat> | 'missing'> {
		let response: HttpResponse<unknown>;
		try {
			response = await this.send({ method: 'POST', path: endpoint, body, signal }, model);
		} catch (error) {
			if (isOverlayError(error) && error.kind === 'http' && isMissingRoute(error.httpStatus)) {
				// A 404 naming the model is "model not found", not a missing route.
				if (!/model/i.test(error.serverMessage ?? '')) return 'missing';
			}
			throw error;
		}
		const { data } = response;
		if (isLmStudioChat(data)) return response as HttpResponse<LmStudioChat>;
		if (isUnexpectedEndpointBody(data)) return 'missing';
		const parsed = lmStudioChatSchema.safeParse(data);
		if (parsed.success) return { ...response, data: parsed.data };
		// The body and its text were redacted when read (HttpClient), so quoting them cannot leak the token.
		const serverError = (data as { error?: unknown } | null)?.error;
		throw new OverlayError('protocol', `LM Studio answered ${endpoint} without a completion${typeof serverError === 'string' ? `: ${serverError}` : ''}.`, {
			url: this.baseUrl,
			serverMessage: typeof serverError === 'string' ? serverError : undefined,
			hint: `Check that ${this.baseUrl} is an LM Studio server; the body starts with: ${response.text.slice(0, 200)}`,
		});
	}

	private async reasoningWarnings(input: LmStudioGenerateInput, apis: LmStudioApis, signal?: AbortSignal): Promise<string[]> {
		if (!apis.restV1 || !input.reasoningEffort) return [];
		const models = await this.fetchV1Models(signal);
		const model = models.find((m) => m.key === input.model || m.loadedInstances.some((instance) => instance.id === input.model));
		return checkReasoningEffort(input.reasoningEffort, model, models.some((m) => m.reasoning !== null));
	}

	/** Memoised per client, so many items asking the same question cost one request. */
	private fetchV1Models(signal?: AbortSignal): Promise<LmStudioModel[]> {
		if (!this.v1Models) {
			const pending = this.send({ method: 'GET', path: '/api/v1/models', schema: v1ModelListSchema, signal }).then((response) =>
				response.data.models.map(fromV1),
			);
			pending.catch(() => {
				if (this.v1Models === pending) this.v1Models = undefined;
			});
			this.v1Models = pending;
		}
		return this.v1Models;
	}

	private async requireRestV1(operation: string, signal?: AbortSignal): Promise<void> {
		const apis = await this.apis(signal);
		if (!apis.restV1) throw needsRestV1(operation, this.baseUrl, apis.restV0);
	}

	private send<T>(request: HttpRequest<T>, model?: string): Promise<HttpResponse<T>> {
		return this.http.request({ ...request, describeError: describeLmStudioError({ model, tokenSet: this.tokenSet }) });
	}
}
