/**
 * The fix for an error status when the client has no more specific one: each status gets a hint
 * that is true for it, including whether the request was retried (only 429 and 502/503/504 are;
 * see retryPolicy.ts) and how often.
 */
import { isRetryableStatus, parseRetryAfter } from './retryPolicy';
import type { ServerError } from './serverError';

export interface StatusContext {
	serverLabel: string;
	baseUrl: string;
	method: string;
	path: string;
	status: number;
	serverError: ServerError;
	/** Attempts made, the failed last one included. */
	attempts: number;
	/** False when this request is never repeated automatically (loads, for instance). */
	retryAllowed: boolean;
	/** The Retries setting. */
	retries: number;
	retryAfter: string | undefined;
	/** The proxy the request went through, shown without credentials; null when direct. */
	proxy: string | null;
}

const QUOTE_LIMIT = 300;

function quote(text: string): string {
	return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

function retryNote(context: StatusContext): string {
	if (!isRetryableStatus(context.status)) return 'It was not retried: the same request gets the same answer.';
	const retried = context.attempts - 1;
	if (retried > 0) return `It was retried ${retried} time${retried === 1 ? '' : 's'} and failed each time.`;
	if (!context.retryAllowed) return 'It was not retried: this request is never repeated automatically.';
	return context.retries === 0 ? 'It was not retried: Retries is 0.' : 'It was not retried.';
}

function proxyNote(context: StatusContext): string {
	return context.proxy ? ` or the proxy ${context.proxy} in front of it` : '';
}

type HintRule = (context: StatusContext) => string;

const refusedKey: HintRule = (c) => `${c.serverLabel} refused the API key. Set the key in the credential (or remove it if the server runs without one).`;

const invalidRequest: HintRule = (c) => {
	const { param, message } = c.serverError;
	const field = param ? ` (field "${param}")` : '';
	return `${c.serverLabel} found the request invalid${field}: "${quote(message)}". Fix that value in the node (prompt or messages, Max Tokens, the sampling options, JSON Schema, Extra Body). ${retryNote(c)}`;
};

const unavailable: HintRule = (c) =>
	`${c.serverLabel}${proxyNote(c)} is overloaded, restarting or cannot reach the model server (HTTP ${c.status}). ${retryNote(c)} Check that ${c.serverLabel} is up, lower the node's Concurrency, or raise Retries.`;

const BY_STATUS: Record<number, HintRule> = {
	400: invalidRequest,
	401: refusedKey,
	403: refusedKey,
	404: (c) =>
		`Either ${c.path} does not exist on the server at ${c.baseUrl} (the Base URL must be the server's root, e.g. http://host:8000 without /v1, and the server a ${c.serverLabel} server), or the model or resource the request names is not there: the List Models operation shows what the server has.`,
	405: (c) => `The server at ${c.baseUrl} does not take ${c.method} ${c.path}: check that the Base URL points at a ${c.serverLabel} server of a supported version.`,
	407: (c) =>
		`The proxy${c.proxy ? ` ${c.proxy}` : ''} requires authentication: put the user and password into the proxy URL (HTTP_PROXY / HTTPS_PROXY, e.g. http://user:password@proxy:3128), or list the server's host in NO_PROXY.`,
	413: (c) =>
		`The request is larger than ${c.serverLabel}${proxyNote(c)} accepts: shorten the prompt or the context documents, or raise the body size limit of the proxy in front of the server (e.g. nginx client_max_body_size).`,
	422: invalidRequest,
	429: (c) => {
		const waitMs = parseRetryAfter(c.retryAfter);
		const asked = waitMs !== null ? ` It asked to wait ${Math.round(waitMs / 1000)} s (Retry-After).` : '';
		return `${c.serverLabel} is rate-limiting or its queue is full.${asked} ${retryNote(c)} Lower the node's Concurrency, or raise Retries so that more attempts wait for the server.`;
	},
	500: (c) => `${c.serverLabel} failed with an internal error. ${retryNote(c)} Its log says why (out of GPU memory, a crash on this model or input...).`,
	502: unavailable,
	503: unavailable,
	504: unavailable,
};

export function statusHint(context: StatusContext): string {
	const rule = BY_STATUS[context.status];
	if (rule) return rule(context);
	if (context.status >= 500) return `${context.serverLabel}${proxyNote(context)} failed (HTTP ${context.status}). ${retryNote(context)} Its log says why.`;
	return `${context.serverLabel} refused the request (HTTP ${context.status}); its reason is in the message. Check the node's values and the credential. ${retryNote(context)}`;
}
