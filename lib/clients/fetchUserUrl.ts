/**
 * Every fetch of a URL a user gave (GGUF headers, model config.json files, Hugging Face Hub files,
 * DCGM exporter scrapes) goes through fetchUserUrl: the same transport as the generation clients
 * (pooled keep-alive agents, HTTP_PROXY / HTTPS_PROXY / NO_PROXY as n8n routes them), a deadline over
 * all redirects, a size limit, and messages that never show the URL's user or password.
 *
 * It is also the one place that checks where such a URL may lead: with `sources`, the first request
 * and every redirect pass checkUrl (scheme, host, IP literal) and direct connections go through an
 * agent that checks the resolved addresses when it connects (lib/net/guardedAgent.ts).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { OverlayError } from '../errors';
import { checkUrl, hostOf } from '../net/checkUrl';
import { ADDRESS_REFUSED, checkResolvedThroughProxy, guardedAgent } from '../net/guardedAgent';
import { allowHint, type SourcePolicy } from '../net/sourcePolicy';
import { Redactor } from './redact';
import { exchange, openEndpoint, type Endpoint } from './transport/exchange';
import { describeNetworkFailure, formatSeconds } from './transport/networkErrors';
import { withoutCredentials } from './transport/proxy';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchUserUrlOptions {
	/** What is fetched, for messages: "the DCGM exporter", "the model config". */
	what: string;
	/** The fix to suggest when the URL cannot be read. */
	hint: string;
	headers?: Record<string, string>;
	/** Sent only to the first URL's origin, never after a redirect to another one (a token for the Hub, not its CDN). */
	originHeaders?: Record<string, string>;
	/** Values redacted from the body text and from errors (a token). */
	secrets?: string[];
	/** Where the URL and its redirects may lead; without it any http(s) URL is fetched. */
	sources?: SourcePolicy;
	/** Refuse redirects to another host (the DCGM exporter, which is not under Allowed Sources). */
	sameHostRedirects?: boolean;
	/** For the whole fetch, redirects included. */
	timeoutMs: number;
	maxBytes: number;
	signal?: AbortSignal;
}

export interface FetchedUrl {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** The URL that answered (after redirects), without user or password. */
	url: string;
	/** The body as text, with the URL's password and the given secrets redacted. */
	text(): string;
}

/** Parses a user-given http(s) URL; anything else is an input error that names what was expected. */
export function parseUserUrl(raw: string, what: string, example: string): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new OverlayError('input', `"${raw.replace(/\/\/[^@/]*@/, '//')}" is not a URL.`, { hint: `Give the URL of ${what}, e.g. ${example}.` });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new OverlayError('input', `The URL of ${what} must use http or https, not ${url.protocol}`, { hint: `Give the URL of ${what}, e.g. ${example}.` });
	}
	return url;
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function requestHeaders(url: URL, extra: Record<string, string> | undefined): { headers: OutgoingHttpHeaders; secrets: string[] } {
	const headers: OutgoingHttpHeaders = { 'user-agent': 'n8n-nodes-overlay-agi', ...extra };
	if (!url.username && !url.password) return { headers, secrets: [] };
	const password = decodeURIComponent(url.password);
	const basic = Buffer.from(`${decodeURIComponent(url.username)}:${password}`).toString('base64');
	headers.authorization = `Basic ${basic}`;
	return { headers, secrets: [password, basic] };
}

/** The endpoint for one hop, after the policy's checks; throws the refusal. */
async function openCheckedEndpoint(url: URL, options: FetchUserUrlOptions, subject: string): Promise<Endpoint> {
	const policy = options.sources;
	if (!policy) return openEndpoint(url);
	checkUrl(url, policy, subject);
	const endpoint = openEndpoint(url, undefined, guardedAgent(url, policy));
	if (endpoint.proxy) {
		const refusal = await checkResolvedThroughProxy(hostOf(url), policy);
		if (refusal) throw addressRefused(subject, withoutCredentials(url), refusal, policy);
	}
	return endpoint;
}

function addressRefused(subject: string, shown: string, why: string, policy: SourcePolicy): OverlayError {
	const address = /resolves to (\S+),/.exec(why)?.[1] ?? 'the address';
	return new OverlayError('input', `${subject} ${shown} was refused: ${why}.`, { url: shown, hint: allowHint(policy, `"${address}" (or its range), and the host`) });
}

export async function fetchUserUrl(rawUrl: string | URL, options: FetchUserUrlOptions): Promise<FetchedUrl> {
	let url = typeof rawUrl === 'string' ? new URL(rawUrl) : rawUrl;
	const origin = url.origin;
	const deadline = options.timeoutMs > 0 ? Date.now() + options.timeoutMs : 0;
	const what = capitalized(options.what);
	let subject = `${what} URL`;
	const redactor = new Redactor(options.secrets ?? []);
	const fail = (error: OverlayError) => redactor.error(error) as OverlayError;
	for (let redirects = 0; ; redirects++) {
		const shown = withoutCredentials(url);
		const endpoint = await openCheckedEndpoint(url, options, subject).catch((error: OverlayError) => Promise.reject(fail(error)));
		const { headers, secrets } = requestHeaders(url, { ...options.headers, ...(url.origin === origin ? options.originHeaders : undefined) });
		const outcome = await exchange(endpoint, {
			method: 'GET',
			path: `${url.pathname}${url.search}`,
			headers,
			signal: options.signal,
			timeoutMs: deadline ? Math.max(1, deadline - Date.now()) : 0,
			maxBytes: options.maxBytes,
		});
		const via = endpoint.proxy ? ` through the proxy ${endpoint.proxy.display}` : '';
		switch (outcome.type) {
			case 'cancelled':
				throw new OverlayError('cancelled', `Reading ${options.what} was cancelled.`, { url: shown });
			case 'timeout':
				throw fail(new OverlayError('unreachable', `${what} at ${shown} did not answer within ${formatSeconds(options.timeoutMs)}.`, { url: shown, hint: options.hint }));
			case 'too-large':
				throw fail(new OverlayError('protocol', `${what} at ${shown} sent more than ${options.maxBytes} bytes.`, { url: shown, httpStatus: outcome.status, hint: options.hint }));
			case 'cut':
				throw fail(new OverlayError('unreachable', `${what} at ${shown} closed the connection in the middle of its answer.`, { url: shown, hint: options.hint }));
			case 'network':
				if (outcome.code === ADDRESS_REFUSED && options.sources) throw fail(addressRefused(subject, shown, outcome.message, options.sources));
				throw fail(
					new OverlayError('unreachable', `Could not reach ${options.what} at ${shown}${via} (${describeNetworkFailure(outcome.code, outcome.message)}).`, {
						url: shown,
						hint: endpoint.proxy ? `${options.hint} Requests to this host go through the proxy ${endpoint.proxy.display}; list the host in NO_PROXY to reach it directly.` : options.hint,
					}),
				);
			case 'response': {
				const location = outcome.headers.location;
				if (REDIRECT_STATUSES.has(outcome.status) && location) {
					if (redirects >= MAX_REDIRECTS) {
						throw fail(new OverlayError('protocol', `${what} at ${shown} redirected more than ${MAX_REDIRECTS} times.`, { url: shown, hint: options.hint }));
					}
					const next = new URL(location, url);
					if (next.protocol !== 'http:' && next.protocol !== 'https:') {
						throw fail(new OverlayError('protocol', `${what} at ${shown} redirected to a ${next.protocol} URL.`, { url: shown, hint: options.hint }));
					}
					if (options.sameHostRedirects && next.host !== url.host) {
						throw fail(new OverlayError('protocol', `${what} at ${shown} redirected to another host (${next.host}); it is not followed.`, { url: shown, hint: options.hint }));
					}
					subject = `The redirect of ${options.what} from ${shown} to`;
					url = next;
					continue;
				}
				const bodyRedactor = new Redactor([...(options.secrets ?? []), ...secrets]);
				return { status: outcome.status, headers: outcome.headers, body: outcome.body, url: shown, text: () => bodyRedactor.text(outcome.body.toString('utf8')) };
			}
		}
	}
}
