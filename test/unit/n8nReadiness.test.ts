/**
 * The launcher's readiness wait against a stand-in for n8n 2.41's webhook routes: the CORS
 * preflight answers 204 for a registered webhook and 500 with an HTML error page for an unknown
 * one (measured on n8n 2.41.1: the lookup error escapes its CORS handler), and 404 never.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWebhookRegistered, waitUntilReady } from '../../scripts/n8n/readiness';
import { eventually } from '../eventually';

interface FakeN8n {
	baseUrl: string;
	registered: Set<string>;
	preflights: string[];
	/** TCP connections accepted so far. */
	connections(): number;
	close(): Promise<void>;
}

async function startFakeN8n(): Promise<FakeN8n> {
	const registered = new Set<string>();
	const preflights: string[] = [];
	const server = http.createServer((request, response) => {
		const url = request.url ?? '';
		const hookPath = url.replace(/^\/webhook\//, '');
		if (url === '/healthz/readiness') {
			response.writeHead(200).end('{"status":"ok"}');
		} else if (request.method === 'OPTIONS' && request.headers.origin) {
			preflights.push(hookPath);
			if (registered.has(hookPath)) response.writeHead(204).end();
			else response.writeHead(500, { 'content-type': 'text/html' }).end(`<pre>ResponseError: The requested webhook "POST ${hookPath}" is not registered.</pre>`);
		} else {
			response.writeHead(404).end();
		}
	});
	let connections = 0;
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		registered,
		preflights,
		connections: () => connections,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

const running = { exitCode: null, signalCode: null };
const hooks = [
	{ path: 'overlay/01-hardware-formats', method: 'POST' },
	{ path: 'overlay/02-gpt-oss-fit', method: 'POST' },
];

let n8n: FakeN8n;
beforeEach(async () => {
	n8n = await startFakeN8n();
});
afterEach(async () => {
	await n8n.close();
});

test('a 500 answer to the preflight does not count as registered; a 204 does', async () => {
	expect(await isWebhookRegistered(n8n.baseUrl, hooks[0].path, 'POST')).toBe(false);
	n8n.registered.add(hooks[0].path);
	expect(await isWebhookRegistered(n8n.baseUrl, hooks[0].path, 'POST')).toBe(true);
});

test('every probe opens a connection of its own: n8n closes kept-alive ones after 5 s idle, and one reused at that moment is reset', async () => {
	n8n.registered.add(hooks[0].path);
	expect(await isWebhookRegistered(n8n.baseUrl, hooks[0].path, 'POST')).toBe(true);
	expect(await isWebhookRegistered(n8n.baseUrl, hooks[0].path, 'POST')).toBe(true);
	expect(n8n.connections()).toBe(2);
});

test('waits until every webhook is registered, then resolves', async () => {
	let resolved = false;
	const waiting = waitUntilReady({ baseUrl: n8n.baseUrl, webhooks: hooks, child: running, logFile: '/nonexistent', timeoutMs: 10_000, pollMs: 20 }).then(() => {
		resolved = true;
	});
	n8n.registered.add(hooks[0].path);
	await eventually(() => n8n.preflights.filter((hookPath) => hookPath === hooks[1].path).length, (count) => count >= 3);
	expect(resolved).toBe(false);
	n8n.registered.add(hooks[1].path);
	await waiting;
	expect(resolved).toBe(true);
});

test('a webhook withdrawn after it was seen is waited for again', async () => {
	n8n.registered.add(hooks[0].path);
	const waiting = waitUntilReady({ baseUrl: n8n.baseUrl, webhooks: hooks, child: running, logFile: '/nonexistent', timeoutMs: 10_000, pollMs: 20 });
	let resolved = false;
	void waiting.then(() => {
		resolved = true;
	});
	await eventually(() => n8n.preflights.length, (count) => count >= 4);
	n8n.registered.delete(hooks[0].path);
	n8n.registered.add(hooks[1].path);
	const seen = n8n.preflights.length;
	await eventually(() => n8n.preflights.length, (count) => count >= seen + 4);
	expect(resolved).toBe(false);
	n8n.registered.add(hooks[0].path);
	await waiting;
});

test('times out naming the webhooks that never registered', async () => {
	n8n.registered.add(hooks[0].path);
	await expect(waitUntilReady({ baseUrl: n8n.baseUrl, webhooks: hooks, child: running, logFile: '/nonexistent', timeoutMs: 300, pollMs: 20 })).rejects.toThrow(
		/webhooks not registered: overlay\/02-gpt-oss-fit\)/,
	);
});

test('stops waiting when n8n exits', async () => {
	await expect(waitUntilReady({ baseUrl: n8n.baseUrl, webhooks: hooks, child: { exitCode: 1, signalCode: null }, logFile: '/nonexistent', timeoutMs: 10_000 })).rejects.toThrow(
		/n8n exited \(1\) before it was ready/,
	);
});
