/**
 * Files of a Hub repository, fetched as huggingface_hub does: GET <endpoint>/<id>/resolve/<revision>/<file>,
 * following the redirect to a storage or CDN host (each hop checked by Allowed Sources), with the
 * token sent to the endpoint only. The Hub says what went wrong in X-Error-Code / X-Error-Message
 * (RepoNotFound, GatedRepo, EntryNotFound, RevisionNotFound; a 401 without a code is a missing,
 * private or gated repo): https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/utils/_http.py (hf_raise_for_status)
 */
import { fetchUserUrl, type FetchedUrl } from '../../clients/fetchUserUrl';
import { Redactor } from '../../clients/redact';
import { OverlayError } from '../../errors';
import type { SourcePolicy } from '../../net/sourcePolicy';
import type { HubSettings } from './settings';

export interface HubContext {
	settings: HubSettings;
	id: string;
	sources: SourcePolicy;
	/** Epoch ms after which no request starts: one budget for the whole model. */
	deadline: number;
	signal?: AbortSignal;
}

export interface HubFileOptions {
	maxBytes: number;
	/** Inclusive byte range. */
	range?: [number, number];
	/** Resolve to null when the repo has no such file (EntryNotFound) instead of failing. */
	optional?: boolean;
}

const INVALID_TOKEN_MESSAGE = 'Invalid credentials in Authorization header';
const TOKEN_HINT = 'give a Hugging Face token (the Hugging Face Hub credential on Pick Quant Format, or HF_TOKEN in n8n\'s environment)';

export function resolveUrl(ctx: HubContext, file: string): string {
	const path = file.split('/').map(encodeURIComponent).join('/');
	return `${ctx.settings.endpoint}/${ctx.id}/resolve/${encodeURIComponent(ctx.settings.revision)}/${path}`;
}

export function repoPage(ctx: HubContext): string {
	return `${ctx.settings.endpoint}/${ctx.id}`;
}

function header(response: FetchedUrl, name: string): string | undefined {
	const value = response.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function hubError(ctx: HubContext, file: string, response: FetchedUrl): OverlayError {
	const code = header(response, 'x-error-code');
	const redactor = new Redactor([ctx.settings.token]);
	const serverMessage = redactor.diagnostic(header(response, 'x-error-message') ?? '').slice(0, 300) || undefined;
	const status = response.status;
	const withToken = ctx.settings.token !== undefined;
	const details = { httpStatus: status, serverMessage, url: resolveUrl(ctx, file) };
	if (code === 'GatedRepo') {
		return new OverlayError('input', `${ctx.id} is a gated model: ${withToken ? 'the token given has no access to it' : 'reading it needs a token'} (HTTP ${status}).`, {
			...details,
			hint: withToken
				? `Accept the model's terms on ${repoPage(ctx)} with the account the token belongs to, or use a token of an account that has access.`
				: `Accept the model's terms on ${repoPage(ctx)}, then ${TOKEN_HINT}.`,
		});
	}
	if (serverMessage === INVALID_TOKEN_MESSAGE) {
		return new OverlayError('http', `The Hugging Face Hub refused the token (HTTP ${status}: ${serverMessage}).`, {
			...details,
			hint: 'Check the token in the Hugging Face Hub credential or HF_TOKEN (a read token, hf_...), or remove it for public models.',
		});
	}
	if (code === 'RevisionNotFound') {
		return new OverlayError('input', `${ctx.id} has no revision "${ctx.settings.revision}" on ${ctx.settings.endpoint}.`, {
			...details,
			hint: 'Use a branch (main), a tag or a commit of the repository, or leave Hub Revision empty.',
		});
	}
	if (code === 'EntryNotFound') {
		return new OverlayError('input', `${ctx.id} has no ${file} at revision ${ctx.settings.revision}.`, {
			...details,
			hint: file === 'config.json' ? 'The repository has no config.json (a GGUF-only repository?): give the GGUF file in the GGUF File option instead, or the id of the original model.' : 'Check the repository\'s files on the Hub.',
		});
	}
	if (code === 'RepoNotFound' || status === 401 || status === 404) {
		return new OverlayError('input', `No model ${ctx.id} on ${ctx.settings.endpoint} (HTTP ${status}).`, {
			...details,
			hint: withToken
				? `Check the id (${repoPage(ctx)}); a private model needs a token of an account that can read it.`
				: `Check the id (${repoPage(ctx)}). The Hub answers this way for private and gated models too: ${TOKEN_HINT} for those.`,
		});
	}
	return new OverlayError('http', `The Hugging Face Hub answered HTTP ${status} for ${file} of ${ctx.id}${serverMessage ? `: ${serverMessage}` : ''}.`, {
		...details,
		hint: status === 429 ? 'The Hub limits requests per token and IP: wait a minute, or give a token.' : `Check ${ctx.settings.endpoint} and try again.`,
	});
}

export async function fetchHubFile(ctx: HubContext, file: string, options: HubFileOptions): Promise<FetchedUrl | null> {
	const remaining = ctx.deadline - Date.now();
	if (remaining <= 0) {
		throw new OverlayError('unreachable', `Reading ${ctx.id} from ${ctx.settings.endpoint} took longer than its time budget.`, {
			hint: 'The Hub or its CDN is slow from here: try again, or check the proxy settings (HTTPS_PROXY).',
		});
	}
	const response = await fetchUserUrl(resolveUrl(ctx, file), {
		what: `${file} of ${ctx.id}`,
		hint: `Check that n8n can reach ${ctx.settings.endpoint} (HTTPS_PROXY / NO_PROXY).`,
		headers: options.range ? { range: `bytes=${options.range[0]}-${options.range[1]}` } : undefined,
		originHeaders: ctx.settings.token ? { authorization: `Bearer ${ctx.settings.token}` } : undefined,
		secrets: ctx.settings.token ? [ctx.settings.token] : undefined,
		sources: ctx.sources,
		timeoutMs: remaining,
		maxBytes: options.maxBytes,
		signal: ctx.signal,
	});
	if (response.status === 200 || response.status === 206) return response;
	if (options.optional && response.status === 404 && header(response, 'x-error-code') === 'EntryNotFound') return null;
	throw hubError(ctx, file, response);
}
