/**
 * A chat model on vLLM: a base model or a LoRA adapter (vLLM selects adapters by the `model` name), loaded first from an
 * allowed path when it is missing, through VllmClient.ensureAdapter (the allow-list and the single-flight load the
 * vLLM Generate node uses, so concurrent chats cause one load).
 */
import { OverlayError, inputError } from '../errors';
import { VllmClient } from '../clients/vllm';
import { describeGenerationError, isModelNotFound, modelNotFound } from '../clients/vllm/errors';
import { ChatEngine } from './chatEngine';
import { describeChatError } from './errors';
import type { ChatRequestOptions } from './requestOptions';

export const VLLM_LABEL = 'vLLM';

export interface VllmChatOptions extends ChatRequestOptions {
	baseUrl: string;
	apiKey?: string;
	allowedAdapterPaths?: string;
	/** A base model or an adapter name. */
	model: string;
	/** When set and `model` is not served, the adapter is loaded from here first. */
	adapterPath?: string;
	extraBody?: Record<string, unknown>;
}

export function createVllmChatEngine(options: VllmChatOptions): ChatEngine {
	const model = options.model.trim();
	if (!model) throw inputError('No model or adapter is chosen.', 'Pick a model or adapter from the list, or give its name.');
	const client = new VllmClient({
		baseUrl: options.baseUrl,
		apiKey: options.apiKey,
		allowedAdapterPaths: options.allowedAdapterPaths ?? '',
		timeoutMs: options.timeoutMs,
		retries: options.retries,
	});
	const adapterPath = options.adapterPath?.trim();
	return new ChatEngine({
		serverLabel: VLLM_LABEL,
		dialect: 'vllm',
		model,
		http: client.http,
		stream: { baseUrl: client.baseUrl, apiKey: options.apiKey, serverLabel: VLLM_LABEL, timeoutMs: options.timeoutMs, retries: options.retries },
		sampling: options.sampling,
		reasoningEffort: options.reasoningEffort,
		toolChoice: options.toolChoice,
		splitThinkTags: options.splitThinkTags,
		extraBody: options.extraBody,
		describeError: describeChatError(VLLM_LABEL, client.baseUrl, describeGenerationError(VLLM_LABEL, client.baseUrl, model)),
		prepare: adapterPath ? (signal) => client.ensureAdapter(model, adapterPath, signal) : undefined,
		explainError: async (error, signal) => {
			if (!isModelNotFound(error)) return error;
			const listing = await client.listModels(signal).catch(() => null);
			return modelNotFound(VLLM_LABEL, client.baseUrl, model, listing, error as OverlayError);
		},
	});
}
