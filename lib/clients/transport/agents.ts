/**
 * One keep-alive agent per server (and proxy) and connection limit, shared by every client in the
 * process, so that items and executions reuse connections. The limit is the node's concurrency: an
 * agent never holds more sockets than that, whoever asks (without it a request sent the moment
 * another finished may open a new socket before the finished one is free again). Executions that
 * run at the same time with the same server and concurrency share that agent's sockets. Through a
 * proxy: http-proxy-agent sends http requests in absolute form to the proxy, https-proxy-agent opens
 * a CONNECT tunnel for https targets (the packages n8n 2.41 uses for the same job, at the same
 * versions).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { ProxyRoute } from './proxy';

/** The most sockets per server unless a client asks for more (the Generate nodes allow concurrency up to 256). */
export const DEFAULT_MAX_SOCKETS = 256;
/**
 * Idle keep-alive sockets are closed after this long: below the 5 s after which uvicorn (vLLM) and
 * Node's http server (LM Studio) close them, so a request is rarely sent on a socket being closed.
 */
const IDLE_SOCKET_MS = 4_000;
/** Servers a process talks to are few; past this many, agents are made per client instead of kept. */
const MAX_POOLED_AGENTS = 64;

const agents = new Map<string, http.Agent>();

export function agentFor(target: URL, proxy: ProxyRoute | null, maxSockets = DEFAULT_MAX_SOCKETS): http.Agent {
	const key = `${target.protocol}//${target.host} ${proxy?.url.href ?? 'direct'} ${maxSockets}`;
	let agent = agents.get(key);
	if (!agent) {
		agent = createAgent(target.protocol === 'https:', proxy, maxSockets);
		if (agents.size < MAX_POOLED_AGENTS) agents.set(key, agent);
	}
	return agent;
}

function createAgent(secure: boolean, proxy: ProxyRoute | null, maxSockets: number): http.Agent {
	const options = { keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
	if (proxy) return secure ? new HttpsProxyAgent(proxy.url, options) : new HttpProxyAgent(proxy.url, options);
	return secure ? new https.Agent(options) : new http.Agent(options);
}

