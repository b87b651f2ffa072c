/**
 * Turns LM Studio's error answers into a message and a fix. LM Studio sends `error` as an object or
 * as a plain string; the shared parser reads both. Shapes as users recorded them: missing token
 * (https://github.com/agustif/opencode-lmstudio/issues/41, https://lmstudio.ai/docs/developer/core/authentication),
 * unknown model on 0.3 (https://github.com/letta-ai/letta/pull/1876) and 0.4
 * (https://github.com/QwenLM/qwen-code/issues/10065), "No models loaded"
 * (https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/1730).
 */
import { OverlayError } from '../../errors';
import type { ErrorDescription } from '../http';
import type { ServerError } from '../serverError';

export const SERVER_LABEL = 'LM Studio';

interface ErrorRule {
	matches: (error: ServerError, status: number) => boolean;
	describe: (error: ServerError, context: ErrorContext) => ErrorDescription;
}

export interface ErrorContext {
	model?: string;
	tokenSet: boolean;
}

const ERROR_RULES: ErrorRule[] = [
	{
		matches: (error, status) => status === 401 || status === 403 || error.code === 'invalid_api_key',
		describe: (_error, context) =>
			context.tokenSet
				? {
						message: 'LM Studio refused the API token.',
						hint: 'Check the API Token in the LM Studio API credential: LM Studio > Developer > Server Settings > Manage Tokens (tokens look like sk-lm-...).',
					}
				: {
						message: 'LM Studio requires an API token ("Require Authentication" is on) and none was sent.',
						hint: 'Create a token in LM Studio > Developer > Server Settings > Manage Tokens and put it in the LM Studio API credential, or turn "Require Authentication" off.',
					},
	},
	{
		matches: (error) => /no models loaded/i.test(error.message),
		describe: (error) => ({
			message: `LM Studio has no model loaded: ${error.message}`,
			hint: 'Load the model first (the Load Model operation on LM Studio 0.4+, or `lms load <model>`), or turn on Just-in-Time model loading in LM Studio\'s server settings.',
		}),
	},
	{
		matches: (error) => error.code === 'model_not_found' || error.type === 'model_not_found' || /invalid model identifier|model .* not found/i.test(error.message),
		describe: (error, context) => ({
			message: `LM Studio has no model "${context.model ?? '?'}": ${error.message}`,
			hint: 'Pick the model from the list (the List Models operation shows what the server has), or download it in LM Studio first.',
		}),
	},
	{
		matches: (error) => /crashed/i.test(error.message),
		describe: (error) => ({
			message: `The model crashed inside LM Studio: ${error.message}`,
			hint: 'Reload the model in LM Studio; if it keeps crashing, load it with a smaller context length or fewer GPU layers.',
		}),
	},
	{
		matches: (error) => /context (length|window|overflow)|too long|exceeds/i.test(error.message),
		describe: (error) => ({
			message: `The prompt does not fit the model's loaded context: ${error.message}`,
			hint: 'Shorten the prompt or the context documents, or load the model with a larger context length (Load Model > Context Length).',
		}),
	},
];

export function describeLmStudioError(context: ErrorContext) {
	return (error: ServerError, status: number): ErrorDescription | undefined => {
		const rule = ERROR_RULES.find((candidate) => candidate.matches(error, status));
		return rule?.describe(error, context);
	};
}

export function needsRestV1(operation: string, baseUrl: string, restV0: boolean): OverlayError {
	const found = restV0
		? 'it looks like LM Studio 0.3.x (REST API v0 only)'
		: 'it only has the OpenAI-compatible /v1 API (LM Studio before 0.3.6, or another server)';
	return new OverlayError('unsupported', `${operation} needs LM Studio 0.4 or newer (the /api/v1 REST API); the server at ${baseUrl} does not have it: ${found}.`, {
		url: baseUrl,
		hint: 'Update LM Studio to 0.4 or newer, or load and unload models with the `lms` CLI (`lms load <model> --ttl 600`, `lms unload <model>`). Generate also loads a model on demand (Just-in-Time) with the JIT TTL option.',
	});
}
