/**
 * vLLM's error answers turned into messages that name the fix. The texts matched here are vLLM's own
 * (LoRA routes: https://github.com/vllm-project/vllm/blob/4fe4500477d5bbf2c2a467adacc60f7d215cd655/vllm/entrypoints/openai/models/serving.py;
 * generation: https://github.com/vllm-project/vllm/blob/v0.10.1/vllm/entrypoints/openai/serving_engine.py);
 * each pattern says which version wrote it.
 */
import { OverlayError } from '../../errors';
import type { ErrorDescription } from '../http';
import type { ServerError } from '../serverError';
import type { VllmModelListing } from './types';

export const RUNTIME_LORA_FLAGS = 'VLLM_ALLOW_RUNTIME_LORA_UPDATING=True and --enable-lora';

/** All versions: "This model's maximum context length is N tokens." (serving_engine.py; older and newer wordings in https://github.com/vllm-project/vllm/issues/12886). */
const CONTEXT_LENGTH = /maximum context length is (\d+)/i;
/** All versions: "The model `x` does not exist." (serving_engine.py `_check_model`). */
const MODEL_NOT_FOUND = /The model `(.*)` does not exist/;
/** Before and after PR #31326: "The lora adapter 'x' has already been loaded." */
const ALREADY_LOADED = /has already been loaded/i;
/** LoRAAdapterNotFoundError: "Loading lora x failed: No adapter found for /path". */
const NO_ADAPTER_FOUND = /No adapter found/i;

export function isAlreadyLoaded(error: unknown): boolean {
	return error instanceof OverlayError && error.httpStatus === 400 && ALREADY_LOADED.test(error.serverMessage ?? '');
}

export function isModelNotFound(error: unknown): boolean {
	return error instanceof OverlayError && error.httpStatus === 404 && MODEL_NOT_FOUND.test(error.serverMessage ?? '');
}

/** FastAPI's `{"detail":"Not Found"}` (vLLM, transformers serve) or llama-server's "File Not Found": the route does not exist. */
export function isMissingRoute(error: unknown): boolean {
	return (
		error instanceof OverlayError &&
		error.httpStatus === 404 &&
		/^(file )?not found\.?$/i.test((error.serverMessage ?? '').trim())
	);
}

export function describeGenerationError(serverLabel: string, baseUrl: string, model: string) {
	return (error: ServerError, status: number): ErrorDescription | undefined => {
		const contextLength = CONTEXT_LENGTH.exec(error.message);
		if (status === 400 && contextLength) {
			return {
				message: `The prompt is too long for "${model}": the server's maximum context length is ${contextLength[1]} tokens. ${serverLabel} said: ${error.message}`,
				hint: 'Shorten the prompt or the context documents, or lower Max Tokens: prompt tokens plus Max Tokens must fit the context length (vLLM --max-model-len).',
			};
		}
		if (status === 401) return unauthorized(serverLabel, baseUrl);
		return undefined;
	};
}

export function unauthorized(serverLabel: string, baseUrl: string): ErrorDescription {
	return {
		message: `${serverLabel} at ${baseUrl} refused the request (HTTP 401): the API key is missing or wrong.`,
		hint: 'The server was started with --api-key (or VLLM_API_KEY): put the same key in the API Key field of the vLLM API credential.',
	};
}

export function describeAdapterRouteError(serverLabel: string, baseUrl: string, adapter: string, path: string | null) {
	return (error: ServerError, status: number): ErrorDescription | undefined => {
		if (status === 401) return unauthorized(serverLabel, baseUrl);
		if (status === 404 && NO_ADAPTER_FOUND.test(error.message)) {
			return {
				message: `${serverLabel} found no LoRA adapter at "${path}" for "${adapter}": ${error.message}`,
				hint: 'The path must be a directory on the vLLM host (or a Hugging Face repo) that holds adapter_config.json and the adapter weights.',
			};
		}
		if (status === 400 && path !== null && !ALREADY_LOADED.test(error.message)) {
			return {
				message: `${serverLabel} could not load adapter "${adapter}" from "${path}": ${error.message}`,
				hint: 'Check that the adapter was trained for the served base model and that its rank is at most the server\'s --max-lora-rank (default 16).',
			};
		}
		return undefined;
	};
}

export function runtimeLoraUnsupported(serverLabel: string, baseUrl: string, route: string, looksLikeVllm: boolean, ownedBy: string | null): OverlayError {
	if (looksLikeVllm) {
		return new OverlayError(
			'unsupported',
			`${serverLabel} at ${baseUrl} has runtime LoRA loading turned off (${route} answered 404 Not Found).`,
			{ url: baseUrl, httpStatus: 404, hint: `Start vLLM with ${RUNTIME_LORA_FLAGS} (e.g. VLLM_ALLOW_RUNTIME_LORA_UPDATING=True vllm serve <model> --enable-lora --max-lora-rank 64), or load adapters at start with --lora-modules.` },
		);
	}
	const which = ownedBy ? ` (its models are owned by "${ownedBy}")` : '';
	return new OverlayError(
		'unsupported',
		`The server at ${baseUrl} has no ${route} endpoint: it does not look like vLLM${which}, and other OpenAI-compatible servers (llama.cpp llama-server, transformers serve) cannot load or unload LoRA adapters through this API.`,
		{ url: baseUrl, httpStatus: 404, hint: `Generation works with this server; for adapters use vLLM started with ${RUNTIME_LORA_FLAGS}. If it is vLLM behind a proxy, let the proxy pass ${route}.` },
	);
}

export function modelNotFound(serverLabel: string, baseUrl: string, model: string, listing: VllmModelListing | null, cause: OverlayError): OverlayError {
	let hint: string;
	if (listing === null) {
		hint = 'Check the name with the List Models and Adapters operation, or give an Adapter Path so the adapter is loaded first.';
	} else {
		const bases = listing.baseModels.map((base) => base.id);
		const adapters = listing.adapters.map((adapter) => `${adapter.id}${adapter.parent ? ` (on ${adapter.parent})` : ''}`);
		hint = `The server has base models: ${bases.join(', ') || 'none'}; adapters: ${adapters.join(', ') || 'none'}. Pick one of these, or give an Adapter Path so "${model}" is loaded first.`;
	}
	return new OverlayError('http', `${serverLabel} at ${baseUrl} has no model or adapter named "${model}".`, {
		url: baseUrl,
		httpStatus: 404,
		serverMessage: cause.serverMessage,
		hint,
		cause,
	});
}
