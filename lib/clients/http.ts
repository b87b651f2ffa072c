/**
 * The HTTP layer the generation clients use: Node's http/https on a pooled keep-alive agent per
 * server (through HTTP_PROXY / HTTPS_PROXY / NO_PROXY as n8n routes it), a deadline and an abort
 * per attempt, bounded retries, and one redaction chokepoint: every body is redacted as it is read,
 * before it is parsed, quoted or cut. Bodies are read as text and parsed here, because vLLM answers
 * some routes with plain text and LM Studio answers unknown routes with 200.
 *
 * The hot path is lean on purpose: headers are built once per client, the body is serialised once
 * per request, and a request may pass a cheap `accepts` check so that zod only runs (and words the
 * error) when a body does not have the expected shape.
 */
import { validateHeaderValue, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { ZodType } from 'zod';
import { OverlayError } from '../errors';
import { sleep } from './abort';
import { Redactor } from './redact';
import { isRetryableNetworkCode, isRetryableStatus, retryDelayMs } from './retryPolicy';
import { parseServerError, type ServerError } from './serverError';
import { statusHint } from './statusHints';
import { exchange, openEndpoint, type Endpoint, type ExchangeOutcome } from './transport/exchange';
import { describeNetworkFailure, formatSeconds } from './transport/networkErrors';

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_RETRIES = 2;
const USER_AGENT = 'n8n-nodes-overlay-agi';
/** How much of an unreadable body a message quotes (after redaction). */
const QUOTE_LIMIT = 200;
/** No answer of a model server comes near this; a runaway service does not fill n8n's memory. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface HttpClientConfig {
	baseUrl: string;
	/** Sent as `Authorization: Bearer` only when set. */
	apiKey?: string;
	/** "vLLM", "LM Studio": used in messages. */
	serverLabel: string;
	/** Whole-request deadline per attempt; 0 = none. */
	timeoutMs?: number;
	/** Extra attempts after the first, for connection errors, 429 and 502/503/504. */
	retries?: number;
	retryBaseDelayMs?: number;
	/** Most connections open to this server at once: the node's concurrency (default 256). */
	maxSockets?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ErrorDescription {
	kind?: OverlayError['kind'];
	message?: string;
	hint?: string;
}

export interface HttpRequest<T> {
	method: HttpMethod;
	path: string;
	body?: unknown;
	schema?: ZodType<T>;
	/**
	 * A cheap check that accepts only bodies `schema` accepts, for hot paths: when it passes, zod is
	 * skipped; when it fails, `schema` decides, so bad shapes get the same error either way.
	 */
	accepts?: (value: unknown) => value is T;
	/** 'text' returns the body as a string (vLLM's LoRA routes answer plain text). */
	responseType?: 'json' | 'text';
	signal?: AbortSignal;
	timeoutMs?: number;
	retry?: boolean;
	/** Lets a client turn a server error into a specific message and fix. */
	describeError?: (error: ServerError, status: number) => ErrorDescription | undefined;
}

export interface HttpResponse<T> {
	data: T;
	status: number;
	readonly headers: Record<string, string>;
	/** Time of the attempt that succeeded. */
	latencyMs: number;
	attempts: number;
	/** The body as text, redacted. */
	text: string;
}

type Response = Extract<ExchangeOutcome, { type: 'response' }>;

function parseBaseUrl(raw: string): URL {
	const trimmed = (raw ?? '').trim().replace(/\/+$/, '');
	let url: URL | null = null;
	if (/^https?:\/\/[^/\s]+/i.test(trimmed)) {
		try {
			url = new URL(trimmed.replace(/\/v1$/, ''));
		} catch {
			url = null;
		}
	}
	if (!url) {
		const shown = trimmed.replace(/\/\/[^@/]*@/, '//');
		throw new OverlayError('input', `The server URL "${shown}" is not an http(s) URL.`, {
			hint: 'Set the credential\'s Base URL to something like http://localhost:8000 (no path needed).',
		});
	}
	return url;
}

/** The base URL without user, password, query or trailing slash: what messages show and caches key on. */
export function normalizeBaseUrl(raw: string): string {
	const url = parseBaseUrl(raw);
	return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function flattenHeaders(headers: IncomingHttpHeaders, redactor: Redactor): Record<string, string> {
	const result: Record<string, string> = {};
	for (const name in headers) {
		const value = headers[name];
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		result[name] = redactor.active ? redactor.text(text) : text;
	}
	return result;
}

export class HttpClient {
	readonly baseUrl: string;
	readonly serverLabel: string;
	private readonly pathPrefix: string;
	private readonly timeoutMs: number;
	private readonly retries: number;
	private readonly retryBaseDelayMs: number;
	private readonly endpoint: Endpoint;
	private readonly redactor: Redactor;
	private readonly plainHeaders: OutgoingHttpHeaders;
	private readonly jsonHeaders: OutgoingHttpHeaders;

	constructor(config: HttpClientConfig) {
		const url = parseBaseUrl(config.baseUrl);
		this.pathPrefix = url.pathname.replace(/\/+$/, '');
		this.baseUrl = `${url.protocol}//${url.host}${this.pathPrefix}`;
		this.serverLabel = config.serverLabel;
		this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.retries = Math.max(0, config.retries ?? DEFAULT_RETRIES);
		this.retryBaseDelayMs = config.retryBaseDelayMs ?? 500;
		this.endpoint = openEndpoint(url, config.maxSockets);

		const apiKey = config.apiKey?.trim() || undefined;
		const password = url.password ? decodeURIComponent(url.password) : undefined;
		// Like Node and axios: a user and password in the URL become Basic auth unless a key is set.
		const basic = url.username || password ? Buffer.from(`${decodeURIComponent(url.username)}:${password ?? ''}`).toString('base64') : undefined;
		const proxyPassword = this.endpoint.proxy?.url.password;
		this.redactor = new Redactor([apiKey, password, basic, proxyPassword ? decodeURIComponent(proxyPassword) : undefined]);

		const headers: OutgoingHttpHeaders = { accept: 'application/json, text/plain;q=0.9', 'user-agent': USER_AGENT };
		if (apiKey) headers.authorization = `Bearer ${checkHeaderValue(apiKey)}`;
		else if (basic) headers.authorization = `Basic ${basic}`;
		this.plainHeaders = headers;
		this.jsonHeaders = { ...headers, 'content-type': 'application/json' };
	}

	async request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
		const maxAttempts = request.retry === false ? 1 : this.retries + 1;
		const body = request.body === undefined ? undefined : JSON.stringify(request.body);
		const wire = {
			method: request.method,
			path: this.pathPrefix + request.path,
			headers: body === undefined ? this.plainHeaders : this.jsonHeaders,
			body,
			signal: request.signal,
			timeoutMs: request.timeoutMs ?? this.timeoutMs,
			maxBytes: MAX_BODY_BYTES,
		};
		for (let attempt = 1; ; attempt++) {
			const outcome = await exchange(this.endpoint, wire);
			if (outcome.type === 'response' && outcome.status < 400) return this.success(request, outcome, attempt);
			if (attempt >= maxAttempts || !isRetryable(outcome)) throw this.failure(request, outcome, attempt);
			const retryAfter = outcome.type === 'response' ? headerValue(outcome.headers['retry-after']) : undefined;
			try {
				await sleep(retryDelayMs(attempt - 1, this.retryBaseDelayMs, retryAfter), request.signal);
			} catch {
				throw this.cancelled(request);
			}
		}
	}

	private success<T>(request: HttpRequest<T>, response: Response, attempts: number): HttpResponse<T> {
		const raw = response.body.toString('utf8');
		const text = this.redactor.text(raw);
		const data = this.readBody(request, raw, text);
		const redactor = this.redactor;
		let headers: Record<string, string> | undefined;
		return {
			data,
			status: response.status,
			// Flattened and redacted on first read: the generation hot path never reads them.
			get headers() {
				return (headers ??= flattenHeaders(response.headers, redactor));
			},
			latencyMs: response.latencyMs,
			attempts,
			text,
		};
	}

	/** `raw` is parsed (JSON escapes decoded) and then redacted when `text`, its redacted form, differs. */
	private readBody<T>(request: HttpRequest<T>, raw: string, text: string): T {
		if (request.responseType === 'text') {
			return (request.schema ? this.validate(request, text) : text) as T;
		}
		let parsed: unknown;
		try {
			parsed = text.length === 0 ? null : JSON.parse(raw);
		} catch {
			throw this.error(
				'protocol',
				`${this.serverLabel} answered ${request.method} ${request.path} with a body that is not JSON: ${text.slice(0, QUOTE_LIMIT)}`,
				{ hint: `Check that ${this.baseUrl} is a ${this.serverLabel} server and not another service on that port.` },
			);
		}
		if (text !== raw) parsed = this.redactor.value(parsed);
		if (request.accepts?.(parsed)) return parsed;
		return request.schema ? this.validate(request, parsed) : (parsed as T);
	}

	private validate<T>(request: HttpRequest<T>, value: unknown): T {
		const result = (request.schema as ZodType<T>).safeParse(value);
		if (result.success) return result.data;
		const issue = result.error.issues[0];
		const where = issue?.path.length ? issue.path.join('.') : 'body';
		throw this.error(
			'protocol',
			`${this.serverLabel} answered ${request.method} ${request.path} with an unexpected shape (${where}: ${issue?.message ?? 'invalid'}).`,
			{
				hint: `Check that ${this.baseUrl} is a ${this.serverLabel} server of a supported version; the raw body starts with: ${(JSON.stringify(value) ?? '').slice(0, QUOTE_LIMIT)}`,
			},
		);
	}

	private failure<T>(request: HttpRequest<T>, outcome: ExchangeOutcome, attempts: number): OverlayError {
		switch (outcome.type) {
			case 'response':
				return this.httpError(request, outcome, attempts);
			case 'cancelled':
				return this.cancelled(request);
			case 'timeout': {
				const timeoutMs = request.timeoutMs ?? this.timeoutMs;
				return this.error('unreachable', `${this.serverLabel} did not answer ${request.method} ${request.path} within ${formatSeconds(timeoutMs)}.`, {
					hint: 'Raise the Timeout option (0 = no limit) for long generations, or check that the server is not stuck.',
				});
			}
			case 'too-large':
				return this.error('protocol', `${this.serverLabel} answered ${request.method} ${request.path} with more than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`, {
					httpStatus: outcome.status,
					hint: `Check that ${this.baseUrl} is a ${this.serverLabel} server and not another service on that port.`,
				});
			case 'cut':
				// The server died or restarted while answering (a vLLM OOM does this); a new attempt may find it back.
				return this.error('unreachable', `${this.serverLabel} at ${this.baseUrl} closed the connection in the middle of its answer to ${request.method} ${request.path}.`, {
					hint: `The server probably crashed or restarted while answering: check ${this.serverLabel}'s log (out of GPU memory?) and that it is running again.`,
				});
			case 'network': {
				const proxy = this.endpoint.proxy;
				const via = proxy ? ` through the proxy ${proxy.display}` : '';
				const proxyHint = proxy
					? ` Requests to this server go through the proxy ${proxy.display} (HTTP_PROXY / HTTPS_PROXY); if the server is on your network, add its host to NO_PROXY.`
					: '';
				return this.error('unreachable', `Could not reach ${this.serverLabel} at ${this.baseUrl}${via} (${describeNetworkFailure(outcome.code, outcome.message)}).`, {
					hint: `Is ${this.serverLabel} running at ${this.baseUrl}? Check the credential's Base URL and that the server listens on an address n8n can reach.${proxyHint}`,
				});
			}
		}
	}

	private httpError<T>(request: HttpRequest<T>, response: Response, attempts: number): OverlayError {
		const text = this.redactor.diagnostic(response.body.toString('utf8'));
		const serverError = parseServerError(response.status, text);
		const described = request.describeError?.(serverError, response.status) ?? {};
		const message =
			described.message ?? `${this.serverLabel} answered HTTP ${response.status} to ${request.method} ${request.path}: ${serverError.message}`;
		const hint =
			described.hint ??
			statusHint({
				serverLabel: this.serverLabel,
				baseUrl: this.baseUrl,
				method: request.method,
				path: request.path,
				status: response.status,
				serverError,
				attempts,
				retryAllowed: request.retry !== false,
				retries: this.retries,
				retryAfter: headerValue(response.headers['retry-after']),
				proxy: this.endpoint.proxy?.display ?? null,
			});
		return this.error(described.kind ?? 'http', message, { httpStatus: response.status, serverMessage: serverError.message, hint });
	}

	private cancelled<T>(request: HttpRequest<T>): OverlayError {
		return this.error('cancelled', `The request ${request.method} ${request.path} to ${this.serverLabel} was cancelled.`, {});
	}

	/** Every error this layer raises is built here, so its strings pass the redactor once more. */
	private error(kind: OverlayError['kind'], message: string, options: { hint?: string; httpStatus?: number; serverMessage?: string }): OverlayError {
		return this.redactor.error(new OverlayError(kind, message, { ...options, url: this.baseUrl })) as OverlayError;
	}
}

/** A key with a line break or a non-Latin-1 character cannot be sent; say so before any request, without the key. */
function checkHeaderValue(value: string): string {
	try {
		validateHeaderValue('authorization', value);
	} catch {
		throw new OverlayError('input', 'The API key contains a character that cannot be sent in an HTTP header (a line break, or a letter outside Latin-1).', {
			hint: 'Paste the key into the credential again, without line breaks or spaces around it.',
		});
	}
	return value;
}

function isRetryable(outcome: ExchangeOutcome): boolean {
	switch (outcome.type) {
		case 'response':
			return isRetryableStatus(outcome.status);
		case 'network':
			return isRetryableNetworkCode(outcome.code);
		case 'cut':
			return true;
		default:
			return false;
	}
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}
