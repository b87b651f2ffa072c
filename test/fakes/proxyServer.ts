/**
 * A tiny HTTP proxy on loopback for tests, as corporate proxies (squid, tinyproxy) behave: http
 * targets are requested in absolute form and forwarded (RFC 9112 §3.2.2), https targets are reached
 * through a CONNECT tunnel (RFC 9110 §9.3.6). It counts what passes and can require
 * Proxy-Authorization (407 otherwise, RFC 9110 §15.5.8).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
	/** 'forward' for an absolute-form http request, 'connect' for a tunnel. */
	kind: 'forward' | 'connect';
	/** The absolute URL (forward) or host:port (connect). */
	target: string;
	proxyAuthorization: string | undefined;
}

export interface TestProxy {
	url: string;
	requests: ProxiedRequest[];
	close(): Promise<void>;
}

export async function startTestProxy(options: { credentials?: string } = {}): Promise<TestProxy> {
	const requests: ProxiedRequest[] = [];
	const sockets = new Set<net.Socket>();
	const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
	const allowed = (header: string | undefined) => expected === undefined || header === expected;

	const server = http.createServer((req, res) => {
		const proxyAuthorization = req.headers['proxy-authorization'];
		requests.push({ kind: 'forward', target: req.url ?? '', proxyAuthorization });
		if (!allowed(proxyAuthorization)) {
			res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' });
			res.end('Proxy Authentication Required');
			return;
		}
		const target = new URL(req.url ?? '');
		const headers = { ...req.headers };
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const upstream = http.request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end('Bad Gateway');
		});
		req.pipe(upstream);
	});

	server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		const proxyAuthorization = req.headers['proxy-authorization'];
		requests.push({ kind: 'connect', target: req.url ?? '', proxyAuthorization });
		if (!allowed(proxyAuthorization)) {
			client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
		const upstream = net.connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
		client.on('error', () => upstream.destroy());
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
