/**
 * POST with `stream: true` and read the server-sent events as they come: the streaming counterpart of
 * lib/clients/http.ts, with the same deadline (over the whole stream), abort, retries (only before the answer has
 * started: a half-streamed answer is never repeated) and error wording. A failure reported after the start surfaces where
 * it happens: a cut connection, a deadline, or an error event (see streamDecoder.ts).
 */
import axios, { type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { OverlayError } from '../errors';
import { sleep, withDeadline, type Deadline } from '../clients/abort';
import { describeNetworkCode, formatSeconds, normalizeBaseUrl, type ErrorDescription } from '../clients/http';
import { redact } from '../clients/redact';
import { isRetryableNetworkCode, isRetryableStatus, retryDelayMs } from '../clients/retryPolicy';
import { parseServerError, type ServerError } from '../clients/serverError';
import { DONE, sseData } from './sse';

export interface EventStreamConfig {
	baseUrl: string;
	apiKey?: string;
	serverLabel: string;
	/** Over the whole stream, per attempt; 0 = none. */
	timeoutMs: number;
	/** Extra attempts before the answer starts, for connection errors, 429 and 502/503/504. */
	retries: number;
	retryBaseDelayMs?: number;
}

export type DescribeServerError = (error: ServerError, status: number) => ErrorDescription | undefined;

export interface EventStreamRequest {
	path: string;
	body: unknown;
	signal?: AbortSignal;
	describeError?: DescribeServerError;
}

/** What the caller gets: each event's `data`, then whether `[DONE]` was seen. */
export interface EventStream {
	events: AsyncGenerator<string>;
	sawDone: () => boolean;
}

type Failure = { error: OverlayError; retryable: boolean; retryAfter?: string };

export class EventStreamClient {
	readonly baseUrl: string;
	private readonly apiKey: string | undefined;

	constructor(private readonly config: EventStreamConfig) {
		this.baseUrl = normalizeBaseUrl(config.baseUrl);
		this.apiKey = config.apiKey?.trim() || undefined;
	}

	/** Resolves once the server has started answering 2xx (retrying before that); the events then arrive as sent. */
	async open(request: EventStreamRequest): Promise<EventStream> {
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.attempt(request);
			if (!('error' in outcome)) return outcome;
			if (attempt >= this.config.retries || !outcome.retryable) throw outcome.error;
			try {
				await sleep(retryDelayMs(attempt, this.config.retryBaseDelayMs ?? 500, outcome.retryAfter), request.signal);
			} catch {
				throw this.cancelled(request);
			}
		}
	}

	private async attempt(request: EventStreamRequest): Promise<EventStream | Failure> {
		if (request.signal?.aborted) return { error: this.cancelled(request), retryable: false };
		const deadline = withDeadline(this.config.timeoutMs, request.signal);
		let response: AxiosResponse<Readable>;
		try {
			response = await axios.request<Readable>({
				method: 'POST',
				url: `${this.baseUrl}${request.path}`,
				data: JSON.stringify(request.body),
				headers: this.headers(),
				responseType: 'stream',
				validateStatus: () => true,
				maxRedirects: 0,
				timeout: 0,
				proxy: false,
				signal: deadline.signal,
			});
		} catch (error) {
			deadline.dispose();
			return this.networkFailure(request, error, deadline);
		}
		if (response.status >= 400) {
			const text = await readAll(response.data).catch(() => '');
			deadline.dispose();
			return {
				error: this.httpError(request, response.status, text),
				retryable: isRetryableStatus(response.status),
				retryAfter: headerValue(response.headers['retry-after']),
			};
		}
		const contentType = headerValue(response.headers['content-type']) ?? '';
		if (!/text\/event-stream/i.test(contentType)) {
			const text = await readAll(response.data).catch(() => '');
			deadline.dispose();
			return { error: this.notAStream(request, response.status, text), retryable: false };
		}
		let sawDone = false;
		const events = this.read(request, response.data, deadline, () => (sawDone = true));
		return { events, sawDone: () => sawDone };
	}

	private async *read(request: EventStreamRequest, body: Readable, deadline: Deadline, onDone: () => void): AsyncGenerator<string> {
		try {
			for await (const data of sseData(body)) {
				if (data.trim() === DONE) {
					onDone();
					return;
				}
				yield data;
			}
		} catch (error) {
			if (deadline.timedOut()) throw this.timedOut(request);
			if (request.signal?.aborted) throw this.cancelled(request);
			throw new OverlayError('unreachable', `${this.config.serverLabel} at ${this.baseUrl} closed the connection in the middle of its streamed answer to POST ${request.path} (${this.clean((error as Error).message ?? 'aborted')}).`, {
				url: this.baseUrl,
				hint: `The server probably crashed or restarted while answering: check ${this.config.serverLabel}'s log (out of GPU memory?) and that it is running again.`,
			});
		} finally {
			deadline.dispose();
			body.destroy();
		}
	}

	private headers(): Record<string, string> {
		const headers: Record<string, string> = { Accept: 'text/event-stream', 'Content-Type': 'application/json' };
		if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
		return headers;
	}

	private httpError(request: EventStreamRequest, status: number, text: string): OverlayError {
		const serverError = parseServerError(status, text);
		serverError.message = this.clean(serverError.message);
		const described = request.describeError?.(serverError, status) ?? {};
		return new OverlayError(described.kind ?? 'http', described.message ?? `${this.config.serverLabel} answered HTTP ${status} to POST ${request.path}: ${serverError.message}`, {
			httpStatus: status,
			serverMessage: serverError.message,
			url: this.baseUrl,
			hint: described.hint ?? this.defaultHint(status),
		});
	}

	private notAStream(request: EventStreamRequest, status: number, text: string): OverlayError {
		const serverError = parseServerError(status, text);
		return new OverlayError('protocol', `${this.config.serverLabel} answered POST ${request.path} (stream: true) with HTTP ${status} but no event stream: ${this.clean(serverError.message).slice(0, 300)}`, {
			url: this.baseUrl,
			serverMessage: this.clean(serverError.message),
			hint: `Check that ${this.baseUrl} is a ${this.config.serverLabel} server that streams chat completions.`,
		});
	}

	private defaultHint(status: number): string | undefined {
		if (status === 401 || status === 403) return `${this.config.serverLabel} refused the API key. Set the key in the credential (or remove it if the server runs without one).`;
		if (status === 429 || status >= 500) return `${this.config.serverLabel} is overloaded or failing; retries were tried. Check the server log.`;
		return undefined;
	}

	private networkFailure(request: EventStreamRequest, error: unknown, deadline: Deadline): Failure {
		if (deadline.timedOut()) return { error: this.timedOut(request), retryable: false };
		if (request.signal?.aborted) return { error: this.cancelled(request), retryable: false };
		const code = (error as { code?: string }).code;
		const reason = describeNetworkCode(code) ?? (error as Error).message ?? 'network error';
		return {
			retryable: isRetryableNetworkCode(code),
			error: new OverlayError('unreachable', `Could not reach ${this.config.serverLabel} at ${this.baseUrl} (${this.clean(reason)}).`, {
				url: this.baseUrl,
				hint: `Is ${this.config.serverLabel} running at ${this.baseUrl}? Check the credential's Base URL and that the server listens on an address n8n can reach.`,
			}),
		};
	}

	private timedOut(request: EventStreamRequest): OverlayError {
		return new OverlayError('unreachable', `${this.config.serverLabel} did not finish its streamed answer to POST ${request.path} within ${formatSeconds(this.config.timeoutMs)}.`, {
			url: this.baseUrl,
			hint: 'Raise the Timeout option (0 = no limit) for long generations, or check that the server is not stuck.',
		});
	}

	private cancelled(request: EventStreamRequest): OverlayError {
		return new OverlayError('cancelled', `The request POST ${request.path} to ${this.config.serverLabel} was cancelled.`, { url: this.baseUrl });
	}

	private clean(text: string): string {
		return redact(text, [this.apiKey]);
	}
}

function headerValue(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? value.join(', ') : String(value);
}

async function readAll(body: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	return Buffer.concat(chunks).toString('utf8');
}
