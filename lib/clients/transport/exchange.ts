/**
 * One request/response exchange on Node's http/https with a pooled keep-alive agent: one timer for
 * the deadline, one abort listener, the body collected as bytes. It never throws: the outcome says
 * what happened, and the caller (HttpClient, fetchUserUrl) words errors and decides on retries.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { agentFor } from './agents';
import { proxyFor, type ProxyRoute } from './proxy';

/** Where requests to one server go: resolved once per client, not per request. */
export interface Endpoint {
	send: typeof http.request;
	/**
	 * Passed with every request: https-proxy-agent (agent-base) otherwise guesses http vs https from the call stack, and
	 * guesses differently when a socket is freed, so tunnels were never reused.
	 */
	protocol: 'http:' | 'https:';
	agent: http.Agent;
	hostname: string;
	port: number;
	/** The proxy requests take, or null for a direct connection. */
	proxy: ProxyRoute | null;
}

export interface ExchangeRequest {
	method: string;
	/** Path and query, e.g. /v1/chat/completions. */
	path: string;
	headers: http.OutgoingHttpHeaders;
	body?: string;
	signal?: AbortSignal;
	/** The whole exchange, headers and body; 0 = no limit. */
	timeoutMs: number;
	/** Stop reading and fail when the body grows past this many bytes. */
	maxBytes?: number;
}

export type ExchangeOutcome =
	| { type: 'response'; status: number; headers: http.IncomingHttpHeaders; body: Buffer; latencyMs: number }
	| { type: 'network'; code: string | undefined; message: string }
	/** The connection closed after the answer had begun (a server that crashed while answering). */
	| { type: 'cut'; status: number }
	| { type: 'timeout' }
	| { type: 'cancelled' }
	| { type: 'too-large'; status: number };

/** `directAgent`: the agent for a direct connection (fetchUserUrl's address-checking one); proxied requests keep the proxy's. */
export function openEndpoint(url: URL, maxSockets?: number, directAgent?: http.Agent): Endpoint {
	const secure = url.protocol === 'https:';
	const proxy = proxyFor(url);
	return {
		send: secure ? https.request : http.request,
		protocol: secure ? 'https:' : 'http:',
		agent: directAgent && !proxy ? directAgent : agentFor(url, proxy, maxSockets),
		hostname: url.hostname.replace(/^\[|\]$/g, ''),
		port: url.port ? Number(url.port) : secure ? 443 : 80,
		proxy,
	};
}

export function exchange(endpoint: Endpoint, request: ExchangeRequest): Promise<ExchangeOutcome> {
	return new Promise((resolve) => {
		const { signal } = request;
		if (signal?.aborted) return resolve({ type: 'cancelled' });
		const started = Date.now();
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		let outgoing: http.ClientRequest | undefined;
		const finish = (outcome: ExchangeOutcome) => {
			if (settled) return;
			settled = true;
			if (timer) clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			resolve(outcome);
		};
		const stop = (outcome: ExchangeOutcome) => {
			finish(outcome);
			outgoing?.destroy();
		};
		const onAbort = () => stop({ type: 'cancelled' });
		const onResponse = (incoming: http.IncomingMessage) => {
			const status = incoming.statusCode ?? 0;
			const chunks: Buffer[] = [];
			let size = 0;
			incoming.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (request.maxBytes !== undefined && size > request.maxBytes) return stop({ type: 'too-large', status });
				chunks.push(chunk);
			});
			incoming.on('end', () => {
				const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
				finish({ type: 'response', status, headers: incoming.headers, body, latencyMs: Date.now() - started });
			});
			incoming.on('error', () => finish({ type: 'cut', status }));
			incoming.on('close', () => {
				if (!incoming.complete) finish({ type: 'cut', status });
			});
		};
		const options = { agent: endpoint.agent, protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port, method: request.method, path: request.path, headers: request.headers };
		try {
			outgoing = endpoint.send(options, onResponse);
		} catch (error) {
			// Node refuses some requests before sending anything (a header value it cannot encode, for instance).
			const { code, message } = error as NodeJS.ErrnoException;
			return finish({ type: 'network', code, message });
		}
		outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ type: 'network', code: error.code, message: error.message }));
		if (request.timeoutMs > 0) timer = setTimeout(() => stop({ type: 'timeout' }), request.timeoutMs);
		signal?.addEventListener('abort', onAbort, { once: true });
		outgoing.end(request.body);
	});
}
