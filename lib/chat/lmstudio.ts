/**
 * A chat model on LM Studio's OpenAI-compatible `/v1/chat/completions`, the route its tool use and streaming are
 * documented for (https://lmstudio.ai/docs/developer/openai-compat/tools). A model that is not loaded is loaded on the
 * first request (Just-in-Time loading, on by default) and unloaded after `ttl` idle seconds
 * (https://lmstudio.ai/docs/developer/core/ttl-and-auto-evict).
 */
import { inputError } from '../errors';
import { LmStudioClient } from '../clients/lmstudio';
import { SERVER_LABEL, describeLmStudioError } from '../clients/lmstudio/errors';
import { ChatEngine } from './chatEngine';
import { describeChatError } from './errors';
import type { ChatRequestOptions } from './requestOptions';

export interface LmStudioChatOptions extends ChatRequestOptions {
	baseUrl: string;
	apiToken?: string;
	model: string;
	/** Idle seconds before a JIT-loaded model is unloaded; undefined = LM Studio's default (60 minutes). */
	ttlSeconds?: number;
}

export function createLmStudioChatEngine(options: LmStudioChatOptions): ChatEngine {
	const model = options.model.trim();
	if (!model) throw inputError('No model is chosen.', 'Pick a model from the list, or give its key (e.g. openai/gpt-oss-20b).');
	const client = new LmStudioClient({ baseUrl: options.baseUrl, apiToken: options.apiToken, timeoutMs: options.timeoutMs, retries: options.retries });
	const tokenSet = !!options.apiToken?.trim();
	return new ChatEngine({
		serverLabel: SERVER_LABEL,
		dialect: 'lmstudio',
		model,
		http: client.http,
		stream: { baseUrl: client.baseUrl, apiKey: options.apiToken, serverLabel: SERVER_LABEL, timeoutMs: options.timeoutMs, retries: options.retries },
		sampling: options.sampling,
		reasoningEffort: options.reasoningEffort,
		toolChoice: options.toolChoice,
		splitThinkTags: options.splitThinkTags,
		extraBody: options.ttlSeconds !== undefined ? { ttl: options.ttlSeconds } : undefined,
		describeError: describeChatError(SERVER_LABEL, client.baseUrl, describeLmStudioError({ model, tokenSet })),
	});
}
