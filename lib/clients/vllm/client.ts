/**
 * vLLM's OpenAI-compatible server: models and adapters, chat and plain completions, runtime LoRA load/unload
 * (https://docs.vllm.ai/en/latest/features/lora/, https://docs.vllm.ai/en/latest/serving/openai_compatible_server/).
 * Also serves other OpenAI-compatible servers for generation.
 */
import { OverlayError } from '../../errors';
import { isChatCompletion, isTextCompletion } from '../completionShapes';
import { HttpClient, type HttpClientConfig } from '../http';
import {
	buildMessages,
	chatCompletionSchema,
	parseStructuredOutput,
	readChatCompletion,
	readTextCompletion,
	renderContext,
	samplingToBody,
	textCompletionSchema,
	tokensPerSecond,
	type GenerationResult,
} from '../openaiCompatible';
import { checkAdapterPath, parseAllowedAdapterPaths, type AdapterPathRules } from './adapterPaths';
import {
	describeAdapterRouteError,
	describeGenerationError,
	isAlreadyLoaded,
	isMissingRoute,
	isModelNotFound,
	modelNotFound,
	runtimeLoraUnsupported,
	unauthorized,
} from './errors';
import { modelListSchema, versionSchema } from './schemas';
import { SingleFlight } from './singleFlight';
import { chooseStructuredOutputField, structuredOutputBody, type ServerIdentity, type StructuredOutputField } from './structuredOutput';
import type {
	AdapterEnsureStatus,
	AdapterOperationResult,
	VllmGeneration,
	VllmGenerateRequest,
	VllmModelListing,
} from './types';

export interface VllmClientConfig extends Omit<HttpClientConfig, 'serverLabel'> {
	serverLabel?: string;
	/** The credential's Allowed Adapter Paths (see adapterPaths.ts for the rule). */
	allowedAdapterPaths?: string | string[];
}

/** Shared by every client in the process, so concurrent items and executions cause one load per server and adapter. */
const adapterLoads = new SingleFlight<AdapterEnsureStatus>();

const LOAD_ROUTE = '/v1/load_lora_adapter';
const UNLOAD_ROUTE = '/v1/unload_lora_adapter';
const SIDE_LOOKUP_TIMEOUT_MS = 15_000;

export class VllmClient {
	readonly http: HttpClient;
	private readonly rules: AdapterPathRules;
	private identity: Promise<ServerIdentity> | undefined;
	private listing: Promise<VllmModelListing> | undefined;
	private readonly readyAdapters = new Set<string>();

	constructor(config: VllmClientConfig) {
		this.http = new HttpClient({ ...config, serverLabel: config.serverLabel ?? 'vLLM' });
		this.rules = parseAllowedAdapterPaths(config.allowedAdapterPaths);
	}

	get baseUrl(): string {
		return this.http.baseUrl;
	}

	private get label(): string {
		return this.http.serverLabel;
	}

	/** Base models and adapters apart; an adapter is a card with a `parent`. Always asks the server. */
	async listModels(signal?: AbortSignal, timeoutMs?: number): Promise<VllmModelListing> {
		const response = await this.http.request({
			method: 'GET',
			path: '/v1/models',
			schema: modelListSchema,
			signal,
			timeoutMs,
			describeError: (_error, status) => (status === 401 ? unauthorized(this.label, this.baseUrl) : undefined),
		});
		const listing: VllmModelListing = { baseModels: [], adapters: [] };
		for (const card of response.data.data) {
			if (card.parent) listing.adapters.push({ id: card.id, parent: card.parent, path: card.root ?? null });
			else listing.baseModels.push({ id: card.id, root: card.root ?? null, maxModelLen: card.max_model_len ?? null, ownedBy: card.owned_by ?? null });
		}
		this.listing = Promise.resolve(listing);
		return listing;
	}

	/** The listing once per client (one execution), refreshed after loads and unloads; a side lookup, so briefly bounded. */
	private cachedListing(signal?: AbortSignal): Promise<VllmModelListing> {
		if (!this.listing) {
			const pending = this.listModels(signal, SIDE_LOOKUP_TIMEOUT_MS);
			this.listing = pending;
			pending.catch(() => {
				if (this.listing === pending) this.listing = undefined;
			});
		}
		return this.listing;
	}

	/** vLLM answers GET /version (unauthenticated); other servers do not. Cached per client. */
	identify(signal?: AbortSignal): Promise<ServerIdentity> {
		if (!this.identity) {
			const pending = this.readIdentity(signal);
			this.identity = pending;
			pending.catch(() => {
				if (this.identity === pending) this.identity = undefined;
			});
		}
		return this.identity;
	}

	private async readIdentity(signal?: AbortSignal): Promise<ServerIdentity> {
		try {
			const response = await this.http.request({
				method: 'GET',
				path: '/version',
				schema: versionSchema,
				signal,
				retry: false,
				timeoutMs: SIDE_LOOKUP_TIMEOUT_MS,
			});
			return { isVllm: true, version: response.data.version };
		} catch (error) {
			if (error instanceof OverlayError && (error.kind === 'cancelled' || error.kind === 'unreachable')) throw error;
			const listing = await this.cachedListing(signal).catch(() => null);
			return { isVllm: listing?.baseModels.some((base) => base.ownedBy === 'vllm') ?? false, version: null };
		}
	}

	private async unsupported(route: string, signal?: AbortSignal): Promise<OverlayError> {
		const identity = await this.identify(signal).catch(() => ({ isVllm: false, version: null }));
		const listing = await this.cachedListing(signal).catch(() => null);
		return runtimeLoraUnsupported(this.label, this.baseUrl, route, identity.isVllm, listing?.baseModels[0]?.ownedBy ?? null);
	}

	/**
	 * POST /v1/load_lora_adapter. The path is checked against the allow-list before anything is sent. `replace` unloads a
	 * loaded adapter of that name first: safer than load_inplace, which makes vLLM re-read the adapter on every request
	 * (https://github.com/vllm-project/vllm/issues/33791).
	 */
	async loadLoraAdapter(input: { name: string; path: string; replace?: boolean; signal?: AbortSignal }): Promise<AdapterOperationResult> {
		const name = requireAdapterName(input.name);
		const { path } = checkAdapterPath(input.path, this.rules);
		let replaced = false;
		if (input.replace) {
			try {
				await this.unloadLoraAdapter({ name, signal: input.signal });
				replaced = true;
			} catch (error) {
				if (!(error instanceof OverlayError && error.httpStatus === 404 && !isMissingRoute(error))) throw error;
			}
		}
		try {
			const response = await this.http.request<string>({
				method: 'POST',
				path: LOAD_ROUTE,
				body: { lora_name: name, lora_path: path },
				responseType: 'text',
				signal: input.signal,
				describeError: describeAdapterRouteError(this.label, this.baseUrl, name, path),
			});
			this.forgetListing();
			this.readyAdapters.add(name);
			return { adapter: name, path, status: replaced ? 'replaced' : 'loaded', serverMessage: this.checkSuccess(response.data, LOAD_ROUTE) };
		} catch (error) {
			if (isAlreadyLoaded(error)) {
				this.readyAdapters.add(name);
				return { adapter: name, path, status: 'already-loaded', serverMessage: (error as OverlayError).serverMessage ?? '' };
			}
			if (isMissingRoute(error)) throw await this.unsupported(LOAD_ROUTE, input.signal);
			throw error;
		}
	}

	/** POST /v1/unload_lora_adapter. vLLM only drops the name from its registry; the engine's LRU cache frees the slot. */
	async unloadLoraAdapter(input: { name: string; signal?: AbortSignal }): Promise<AdapterOperationResult> {
		const name = requireAdapterName(input.name);
		try {
			const response = await this.http.request<string>({
				method: 'POST',
				path: UNLOAD_ROUTE,
				body: { lora_name: name },
				responseType: 'text',
				signal: input.signal,
				describeError: (error, status) => {
					if (status === 401) return unauthorized(this.label, this.baseUrl);
					if (status === 404 && /cannot be found/i.test(error.message)) {
						return {
							message: `${this.label} has no loaded adapter named "${name}" to unload.`,
							hint: 'Check the name with the List Models and Adapters operation; adapters vanish when vLLM restarts.',
						};
					}
					return undefined;
				},
			});
			this.forgetListing();
			this.readyAdapters.delete(name);
			return { adapter: name, path: null, status: 'unloaded', serverMessage: this.checkSuccess(response.data, UNLOAD_ROUTE) };
		} catch (error) {
			if (isMissingRoute(error)) throw await this.unsupported(UNLOAD_ROUTE, input.signal);
			throw error;
		}
	}

	/**
	 * Makes sure adapter `name` is on the server, loading it from `path` when it is not. Single flight per (server, adapter):
	 * concurrent callers share one listing and one load. The allow-list is checked first, for every caller.
	 */
	async ensureAdapter(name: string, path: string, signal?: AbortSignal): Promise<AdapterEnsureStatus> {
		const adapter = requireAdapterName(name);
		const checked = checkAdapterPath(path, this.rules);
		if (this.readyAdapters.has(adapter)) return 'present';
		const key = `${this.baseUrl}\u0000${adapter}`;
		const task = async (): Promise<AdapterEnsureStatus> => {
			const listing = await this.listModels(signal);
			const known = [...listing.adapters.map((entry) => entry.id), ...listing.baseModels.map((entry) => entry.id)];
			if (known.includes(adapter)) return 'present';
			const result = await this.loadLoraAdapter({ name: adapter, path: checked.path, signal });
			return result.status === 'already-loaded' ? 'already-loaded' : 'loaded';
		};
		let status: AdapterEnsureStatus;
		try {
			status = await adapterLoads.run(key, task);
		} catch (error) {
			// The shared flight was cancelled by its starter's signal, not ours: try once more on our own.
			if (error instanceof OverlayError && error.kind === 'cancelled' && !signal?.aborted) status = await adapterLoads.run(key, task);
			else throw error;
		}
		this.readyAdapters.add(adapter);
		return status;
	}

	async generate(request: VllmGenerateRequest): Promise<VllmGeneration> {
		const model = (request.model ?? '').trim();
		if (!model) throw new OverlayError('input', 'No model or adapter is chosen.', { hint: 'Pick a model or adapter from the list, or give its name (e.g. from {{ $json.body.adapter }}).' });
		const adapterLoad = request.adapterPath?.trim() ? await this.ensureAdapter(model, request.adapterPath, request.signal) : null;

		const body: Record<string, unknown> = { model, ...this.promptFields(request), ...samplingToBody(request.sampling ?? {}, 'vllm') };
		if (request.reasoningEffort && request.mode === 'chat') body.reasoning_effort = request.reasoningEffort;
		let structuredOutputField: StructuredOutputField | undefined;
		if (request.jsonSchema) {
			const mode = request.structuredOutputMode ?? 'auto';
			const identity = mode === 'auto' ? await this.identify(request.signal) : { isVllm: true, version: null };
			structuredOutputField = chooseStructuredOutputField(mode, identity);
			Object.assign(body, structuredOutputBody(structuredOutputField, request.jsonSchema));
		}
		Object.assign(body, request.extraBody ?? {});

		// Which adapter the name means comes from the listing, read alongside the generation; it never fails the item.
		const listingPromise = this.cachedListing(request.signal).catch(() => null);
		const { result, raw, latencyMs } = await this.send(request, model, body);
		const listedAdapter = (await listingPromise)?.adapters.find((entry) => entry.id === model);
		const isAdapter = adapterLoad !== null || listedAdapter !== undefined;
		const baseModel = isAdapter ? (listedAdapter?.parent ?? null) : model;

		const generation: VllmGeneration = {
			text: result.text,
			reasoning: result.reasoning,
			finishReason: result.finishReason,
			model: result.model ?? model,
			adapter: isAdapter ? model : null,
			baseModel,
			adapterLoad,
			usage: result.usage,
			latencyMs,
			tokensPerSecond: tokensPerSecond(result.usage.completionTokens, latencyMs),
		};
		if (request.jsonSchema) {
			generation.structuredOutput = parseStructuredOutput(result.text);
			generation.structuredOutputField = structuredOutputField;
		}
		if (request.includeRaw) generation.raw = raw;
		return generation;
	}

	private promptFields(request: VllmGenerateRequest): Record<string, unknown> {
		const documents = request.contextDocuments ?? [];
		if (request.mode === 'chat') {
			return {
				messages: buildMessages({
					prompt: request.prompt,
					messages: request.messages,
					systemPrompt: request.systemPrompt,
					contextDocuments: documents,
					contextTemplate: request.contextTemplate,
				}),
			};
		}
		if (!request.prompt?.trim()) {
			throw new OverlayError('input', 'There is no prompt to send.', { hint: 'Set the Prompt parameter, e.g. to {{ $json.body.prompt }}.' });
		}
		// /v1/completions has no roles: the system prompt and the context go before the prompt, visibly.
		const parts = [request.systemPrompt?.trim(), documents.length ? renderContext(documents, request.contextTemplate || undefined) : undefined, request.prompt];
		return { prompt: parts.filter((part): part is string => !!part).join('\n\n') };
	}

	private async send(request: VllmGenerateRequest, model: string, body: Record<string, unknown>): Promise<{ result: GenerationResult; raw: unknown; latencyMs: number }> {
		const describeError = describeGenerationError(this.label, this.baseUrl, model);
		try {
			if (request.mode === 'chat') {
				const response = await this.http.request({ method: 'POST', path: '/v1/chat/completions', body, schema: chatCompletionSchema, accepts: isChatCompletion, signal: request.signal, timeoutMs: request.timeoutMs, describeError });
				return { result: readChatCompletion(response.data), raw: response.data, latencyMs: response.latencyMs };
			}
			const response = await this.http.request({ method: 'POST', path: '/v1/completions', body, schema: textCompletionSchema, accepts: isTextCompletion, signal: request.signal, timeoutMs: request.timeoutMs, describeError });
			return { result: readTextCompletion(response.data), raw: response.data, latencyMs: response.latencyMs };
		} catch (error) {
			if (isModelNotFound(error)) {
				this.readyAdapters.delete(model);
				const listing = await this.listModels(request.signal).catch(() => null);
				throw modelNotFound(this.label, this.baseUrl, model, listing, error as OverlayError);
			}
			throw error;
		}
	}

	private forgetListing(): void {
		this.listing = undefined;
	}

	/** vLLM's success bodies are plain text ("Success: LoRA adapter 'x' added successfully."); `text` is already redacted. */
	private checkSuccess(text: string, route: string): string {
		const message = text.trim();
		if (!/success/i.test(message)) {
			throw new OverlayError('protocol', `${this.label} answered ${route} with HTTP 200 but not vLLM's "Success: ..." text: ${message.slice(0, 200)}`, {
				url: this.baseUrl,
				hint: `Check that ${this.baseUrl} is a vLLM server started with VLLM_ALLOW_RUNTIME_LORA_UPDATING=True.`,
			});
		}
		return message;
	}
}

function requireAdapterName(name: string): string {
	const trimmed = (name ?? '').trim();
	if (!trimmed) throw new OverlayError('input', 'The adapter name is empty.', { hint: 'Give the name the adapter is served under (it is used as the model name).' });
	return trimmed;
}
