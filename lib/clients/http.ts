/**
 * The HTTP layer both generation clients use: axios with our own deadline, abort, bounded retries
 * and error mapping. Bodies are read as text and parsed here, because vLLM answers some routes
 * with plain text and LM Studio answers unknown routes with 200.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { ZodType } from 'zod';
import { OverlayError } from '../errors';
import { sleep, withDeadline } from './abort';
import { redact } from './redact';
import { isRetryableNetworkCode, isRetryableStatus, retryDelayMs } from './retryPolicy';
import { parseServerError, type ServerError } from './serverError';

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_RETRIES = 2;

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
	headers: Record<string, string>;
	/** Time of the attempt that succeeded. */
	latencyMs: number;
	attempts: number;
	text: string;
}

export function normalizeBaseUrl(raw: string): string {
	const trimmed = (raw ?? '').trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^/\s]+/i.test(trimmed)) {
		throw new OverlayError('input', `The server URL "${trimmed}" is not an http(s) URL.`, {
			hint: 'Set the credential\'s Base URL to something like http://localhost:8000 (no path needed).',
		});
	}
	return trimmed.replace(/\/v1$/, '');
}

export class HttpClient {
	readonly baseUrl: string;
	readonly serverLabel: string;
	private readonly apiKey: string | undefined;
	private readonly timeoutMs: number;
	private readonly retries: number;
	private readonly retryBaseDelayMs: number;
	private readonly axios: AxiosInstance;

	constructor(config: HttpClientConfig) {
		this.baseUrl = normalizeBaseUrl(config.baseUrl);
		this.serverLabel = config.serverLabel;
		this.apiKey = config.apiKey?.trim() || undefined;
		this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.retries = Math.max(0, config.retries ?? DEFAULT_RETRIES);
		this.retryBaseDelayMs = config.retryBaseDelayMs ?? 500;
		this.axios = axios.create({
			baseURL: this.baseUrl,
			// Our deadline covers the whole request; axios' own timeout is a socket-idle timer.
			timeout: 0,
			responseType: 'text',
			transformResponse: [(data: unknown) => data],
			validateStatus: () => true,
			maxRedirects: 0,
			proxy: false,
		});
	}

	async request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
		const maxAttempts = request.retry === false ? 1 : this.retries + 1;
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.attempt(request);
			const isLast = attempt + 1 >= maxAttempts;
			if (outcome.ok) return { ...outcome.response, attempts: attempt + 1 };
			if (isLast || !outcome.retryable) throw outcome.error;
			try {
				await sleep(retryDelayMs(attempt, this.retryBaseDelayMs, outcome.retryAfter), request.signal);
			} catch {
				throw this.cancelled(request);
			}
		}
	}

	private async attempt<T>(
		request: HttpRequest<T>,
	): Promise<
		| { ok: true; response: Omit<HttpResponse<T>, 'attempts'> }
		| { ok: false; error: OverlayError; retryable: boolean; retryAfter?: string }
	> {
		if (request.signal?.aborted) return { ok: false, error: this.cancelled(request), retryable: false };
		const deadline = withDeadline(request.timeoutMs ?? this.timeoutMs, request.signal);
		const started = Date.now();
		let response: AxiosResponse<string>;
		try {
			response = await this.axios.request<string>({
				method: request.method,
				url: request.path,
				data: request.body === undefined ? undefined : JSON.stringify(request.body),
				headers: this.headers(request.body !== undefined),
				signal: deadline.signal,
			});
		} catch (error) {
			return this.networkFailure(request, error, deadline.timedOut(), request.timeoutMs ?? this.timeoutMs);
		} finally {
			deadline.dispose();
		}
		const latencyMs = Date.now() - started;
		const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
		const headers = flattenHeaders(response.headers);
		if (response.status >= 400) {
			return {
				ok: false,
				error: this.httpError(request, response.status, text),
				retryable: isRetryableStatus(response.status),
				retryAfter: headers['retry-after'],
			};
		}
		try {
			const data = this.readBody(request, text);
			return { ok: true, response: { data, status: response.status, headers, latencyMs, text } };
		} catch (error) {
			return { ok: false, error: error as OverlayError, retryable: false };
		}
	}

	private headers(hasBody: boolean): Record<string, string> {
		const headers: Record<string, string> = { Accept: 'application/json, text/plain;q=0.9' };
		if (hasBody) headers['Content-Type'] = 'application/json';
		if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
		return headers;
	}

	private readBody<T>(request: HttpRequest<T>, text: string): T {
		if (request.responseType === 'text') {
			return (request.schema ? this.validate(request, text) : text) as T;
		}
		let parsed: unknown;
		try {
			parsed = text.length === 0 ? null : JSON.parse(text);
		} catch {
			throw new OverlayError(
				'protocol',
				`${this.serverLabel} answered ${request.method} ${request.path} with a body that is not JSON: ${this.clean(text.slice(0, 200))}`,
				{ url: this.baseUrl, hint: `Check that ${this.baseUrl} is a ${this.serverLabel} server and not another service on that port.` },
			);
		}
		return request.schema ? this.validate(request, parsed) : (parsed as T);
	}

	private validate<T>(request: HttpRequest<T>, value: unknown): T {
		const result = (request.schema as ZodType<T>).safeParse(value);
		if (result.success) return result.data;
		const issue = result.error.issues[0];
		const where = issue?.path.length ? issue.path.join('.') : 'body';
		throw new OverlayError(
			'protocol',
			`${this.serverLabel} answered ${request.method} ${request.path} with an unexpected shape (${where}: ${issue?.message ?? 'invalid'}).`,
			{
				url: this.baseUrl,
				hint: `Check that ${this.baseUrl} is a ${this.serverLabel} server of a supported version; the raw body starts with: ${this.clean(JSON.stringify(value) ?? '').slice(0, 200)}`,
			},
		);
	}

	private httpError<T>(request: HttpRequest<T>, status: number, text: string): OverlayError {
		const serverError = parseServerError(status, text);
		serverError.message = this.clean(serverError.message);
		const described = request.describeError?.(serverError, status) ?? {};
		const message =
			described.message ??
			`${this.serverLabel} answered HTTP ${status} to ${request.method} ${request.path}: ${serverError.message}`;
		return new OverlayError(described.kind ?? 'http', message, {
			httpStatus: status,
			serverMessage: serverError.message,
			url: this.baseUrl,
			hint: described.hint ?? this.defaultHint(status),
		});
	}

	private defaultHint(status: number): string | undefined {
		if (status === 401 || status === 403) {
			return `${this.serverLabel} refused the API key. Set the key in the credential (or remove it if the server runs without one).`;
		}
		if (status === 429 || status >= 500) {
			return `${this.serverLabel} is overloaded or failing; retries were tried. Lower the node's concurrency or check the server log.`;
		}
		return undefined;
	}

	private networkFailure<T>(
		request: HttpRequest<T>,
		error: unknown,
		timedOut: boolean,
		timeoutMs: number,
	): { ok: false; error: OverlayError; retryable: boolean } {
		if (timedOut) {
			return {
				ok: false,
				retryable: false,
				error: new OverlayError(
					'unreachable',
					`${this.serverLabel} did not answer ${request.method} ${request.path} within ${formatSeconds(timeoutMs)}.`,
					{ url: this.baseUrl, hint: 'Raise the Timeout option (0 = no limit) for long generations, or check that the server is not stuck.' },
				),
			};
		}
		if (request.signal?.aborted) return { ok: false, retryable: false, error: this.cancelled(request) };
		if (isCutOffMidAnswer(error)) {
			// The server died or restarted while answering (a vLLM OOM does this); a new attempt may find it back.
			return {
				ok: false,
				retryable: true,
				error: new OverlayError('unreachable', `${this.serverLabel} at ${this.baseUrl} closed the connection in the middle of its answer to ${request.method} ${request.path}.`, {
					url: this.baseUrl,
					hint: `The server probably crashed or restarted while answering: check ${this.serverLabel}'s log (out of GPU memory?) and that it is running again.`,
				}),
			};
		}
		const code = (error as { code?: string }).code;
		const reason = describeNetworkCode(code) ?? (error as Error).message ?? 'network error';
		return {
			ok: false,
			retryable: isRetryableNetworkCode(code),
			error: new OverlayError(
				'unreachable',
				`Could not reach ${this.serverLabel} at ${this.baseUrl} (${this.clean(reason)}).`,
				{ url: this.baseUrl, hint: `Is ${this.serverLabel} running at ${this.baseUrl}? Check the credential's Base URL and that the server listens on an address n8n can reach.` },
			),
		};
	}

	private cancelled<T>(request: HttpRequest<T>): OverlayError {
		return new OverlayError('cancelled', `The request ${request.method} ${request.path} to ${this.serverLabel} was cancelled.`, {
			url: this.baseUrl,
		});
	}

	private clean(text: string): string {
		return redact(text, [this.apiKey]);
	}
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}

// Words, not codes: n8n replaces a message that contains e.g. ECONNREFUSED with its own generic text.
const NETWORK_CODE_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset by the server',
	EPIPE: 'connection closed while sending',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'connection timed out',
	ECONNABORTED: 'connection aborted',
	ERR_BAD_RESPONSE: 'malformed response',
};

/** axios reports a socket closed after the headers, before the body was complete, this way. */
function isCutOffMidAnswer(error: unknown): boolean {
	const { code, message, response } = error as { code?: string; message?: string; response?: unknown };
	return code === 'ERR_BAD_RESPONSE' && response !== undefined && /aborted/i.test(message ?? '');
}

function describeNetworkCode(code: string | undefined): string | undefined {
	return code === undefined ? undefined : (NETWORK_CODE_WORDS[code] ?? code.toLowerCase().replace(/_/g, ' '));
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}
