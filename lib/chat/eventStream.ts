/**
 * POST with `stream: true` and read the server-sent events as they come: the streaming counterpart of
 * lib/clients/http.ts, on the same transport (the pooled keep-alive agent per server, routed through HTTP_PROXY /
 * HTTPS_PROXY / NO_PROXY like every request of the pack), with the same redaction, deadline (over the whole stream),
 * abort, retries (only before the answer has started: a half-streamed answer is never repeated) and error wording.
 * A failure after the start surfaces where it happens: a cut connection, the deadline, or an error event (see
 * streamDecoder.ts).
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { OverlayError } from '../errors';
import { sleep } from '../clients/abort';
import { normalizeBaseUrl, type ErrorDescription } from '../clients/http';
import { Redactor } from '../clients/redact';
import { isRetryableNetworkCode, isRetryableStatus, retryDelayMs } from '../clients/retryPolicy';
import { parseServerError, type ServerError } from '../clients/serverError';
import { statusHint } from '../clients/statusHints';
import { openEndpoint, type Endpoint } from '../clients/transport/exchange';
import { describeNetworkFailure, formatSeconds } from '../clients/transport/networkErrors';
import { DONE, sseData } from './sse';

/** An error body is small; a server that streams megabytes of it is not what we think it is. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

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

/** One attempt in flight: its deadline and abort end the stream too, so they live until the stream is read. */
interface Attempt {
	timedOut: boolean;
	cancelled: boolean;
	dispose: () => void;
}

export class EventStreamClient {
	readonly baseUrl: string;
	private readonly pathPrefix: string;
	private readonly endpoint: Endpoint;
	private readonly redactor: Redactor;
	private readonly headers: OutgoingHttpHeaders;

	constructor(private readonly config: EventStreamConfig) {
		const url = new URL(normalizeBaseUrl(config.baseUrl));
		this.baseUrl = normalizeBaseUrl(config.baseUrl);
		this.pathPrefix = url.pathname.replace(/\/+$/, '');
		this.endpoint = openEndpoint(url);
		const apiKey = config.apiKey?.trim() || undefined;
		const proxyPassword = this.endpoint.proxy?.url.password;
		this.redactor = new Redactor([apiKey, proxyPassword ? decodeURIComponent(proxyPassword) : undefined]);
		this.headers = { accept: 'text/event-stream', 'content-type': 'application/json', 'user-agent': 'n8n-nodes-overlay-agi' };
		if (apiKey) this.headers.authorization = `Bearer ${apiKey}`;
	}

	/** Resolves once the server has started answering 2xx (retrying before that); the events then arrive as sent. */
	async open(request: EventStreamRequest): Promise<EventStream> {
		const body = JSON.stringify(request.body);
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.attempt(request, body);
			if (!('error' in outcome)) return outcome;
			if (attempt >= this.config.retries || !outcome.retryable) throw outcome.error;
			try {
				await sleep(retryDelayMs(attempt, this.config.retryBaseDelayMs ?? 500, outcome.retryAfter), request.signal);
			} catch {
				throw this.cancelled(request);
			}
		}
	}

	/** The text without the key (for what the decoder quotes from events). */
	clean(text: string): string {
		return this.redactor.diagnostic(text);
	}

	private attempt(request: EventStreamRequest, body: string): Promise<EventStream | Failure> {
		return new Promise((resolve) => {
			if (request.signal?.aborted) return resolve({ error: this.cancelled(request), retryable: false });
			let started = false;
			const state: Attempt = { timedOut: false, cancelled: false, dispose: () => undefined };
			const onAbort = () => {
				state.cancelled = true;
				outgoing.destroy();
			};
			const timer = this.config.timeoutMs > 0 ? setTimeout(() => ((state.timedOut = true), outgoing.destroy()), this.config.timeoutMs) : undefined;
			state.dispose = () => {
				if (timer) clearTimeout(timer);
				request.signal?.removeEventListener('abort', onAbort);
			};
			const fail = (failure: Failure) => {
				state.dispose();
				resolve(failure);
			};
			const { agent, protocol, hostname, port } = this.endpoint;
			const outgoing = this.endpoint.send({ agent, protocol, hostname, port, method: 'POST', path: this.pathPrefix + request.path, headers: this.headers }, (incoming) => {
				started = true;
				const status = incoming.statusCode ?? 0;
				const contentType = String(incoming.headers['content-type'] ?? '');
				if (status >= 400 || !/text\/event-stream/i.test(contentType)) {
					readSome(incoming).then((text) => {
						const retryAfter = incoming.headers['retry-after'];
						fail({
							error: status >= 400 ? this.httpError(request, status, text, retryAfter) : this.notAStream(request, status, text),
							retryable: status >= 400 && isRetryableStatus(status),
							retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
						});
					});
					return;
				}
				let sawDone = false;
				resolve({ events: this.read(request, incoming, state, () => (sawDone = true)), sawDone: () => sawDone });
			});
			outgoing.on('error', (error: NodeJS.ErrnoException) => {
				if (started) return; // the response's own stream reports what happens after the start
				if (state.timedOut) return fail({ error: this.timedOut(request), retryable: false });
				if (state.cancelled) return fail({ error: this.cancelled(request), retryable: false });
				fail({ error: this.unreachable(error.code, error.message), retryable: isRetryableNetworkCode(error.code) });
			});
			request.signal?.addEventListener('abort', onAbort, { once: true });
			outgoing.end(body);
		});
	}

	private async *read(request: EventStreamRequest, incoming: IncomingMessage, state: Attempt, onDone: () => void): AsyncGenerator<string> {
		try {
			for await (const data of sseData(incoming)) {
				if (data.trim() === DONE) {
					onDone();
					return;
				}
				yield data;
			}
			if (!incoming.complete) throw new Error('closed before the end');
		} catch (error) {
			if (state.timedOut) throw this.timedOut(request);
			if (state.cancelled) throw this.cancelled(request);
			throw this.error('unreachable', `${this.config.serverLabel} at ${this.baseUrl} closed the connection in the middle of its streamed answer to POST ${request.path} (${(error as Error).message ?? 'aborted'}).`, {
				hint: `The server probably crashed or restarted while answering: check ${this.config.serverLabel}'s log (out of GPU memory?) and that it is running again.`,
			});
		} finally {
			state.dispose();
			incoming.destroy();
		}
	}

	private httpError(request: EventStreamRequest, status: number, text: string, retryAfter: string | string[] | undefined): OverlayError {
		const serverError = parseServerError(status, this.redactor.diagnostic(text));
		const described = request.describeError?.(serverError, status) ?? {};
		const hint =
			described.hint ??
			statusHint({
				serverLabel: this.config.serverLabel,
				baseUrl: this.baseUrl,
				method: 'POST',
				path: request.path,
				status,
				serverError,
				attempts: 1,
				retryAllowed: true,
				retries: this.config.retries,
				retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
				proxy: this.endpoint.proxy?.display ?? null,
			});
		const message = described.message ?? `${this.config.serverLabel} answered HTTP ${status} to POST ${request.path}: ${serverError.message}`;
		return this.error(described.kind ?? 'http', message, { httpStatus: status, serverMessage: serverError.message, hint });
	}

	private notAStream(request: EventStreamRequest, status: number, text: string): OverlayError {
		const serverError = parseServerError(status, this.redactor.diagnostic(text));
		return this.error('protocol', `${this.config.serverLabel} answered POST ${request.path} (stream: true) with HTTP ${status} but no event stream: ${serverError.message.slice(0, 300)}`, {
			serverMessage: serverError.message,
			hint: `Check that ${this.baseUrl} is a ${this.config.serverLabel} server that streams chat completions.`,
		});
	}

	private unreachable(code: string | undefined, message: string): OverlayError {
		const proxy = this.endpoint.proxy;
		const via = proxy ? ` through the proxy ${proxy.display}` : '';
		const proxyHint = proxy ? ` Requests to this server go through the proxy ${proxy.display} (HTTP_PROXY / HTTPS_PROXY); if the server is on your network, add its host to NO_PROXY.` : '';
		return this.error('unreachable', `Could not reach ${this.config.serverLabel} at ${this.baseUrl}${via} (${describeNetworkFailure(code, message)}).`, {
			hint: `Is ${this.config.serverLabel} running at ${this.baseUrl}? Check the credential's Base URL and that the server listens on an address n8n can reach.${proxyHint}`,
		});
	}

	private timedOut(request: EventStreamRequest): OverlayError {
		return this.error('unreachable', `${this.config.serverLabel} did not finish its streamed answer to POST ${request.path} within ${formatSeconds(this.config.timeoutMs)}.`, {
			hint: 'Raise the Timeout option (0 = no limit) for long generations, or check that the server is not stuck.',
		});
	}

	private cancelled(request: EventStreamRequest): OverlayError {
		return this.error('cancelled', `The request POST ${request.path} to ${this.config.serverLabel} was cancelled.`, {});
	}

	/** Every error built here passes the redactor once more, as in lib/clients/http.ts. */
	private error(kind: OverlayError['kind'], message: string, options: { hint?: string; httpStatus?: number; serverMessage?: string }): OverlayError {
		return this.redactor.error(new OverlayError(kind, message, { ...options, url: this.baseUrl })) as OverlayError;
	}
}

async function readSome(incoming: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of incoming) {
			size += (chunk as Buffer).length;
			if (size > MAX_ERROR_BODY_BYTES) break;
			chunks.push(chunk as Buffer);
		}
	} catch {
		// a cut error body: what arrived is all there is
	}
	incoming.destroy();
	return Buffer.concat(chunks).toString('utf8');
}
