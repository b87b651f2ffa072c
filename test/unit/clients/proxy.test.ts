/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY as n8n 2.41 reads them (proxy-from-env 1.1.0), and requests
 * that really pass a proxy on loopback: http targets forwarded in absolute form, https targets
 * through a CONNECT tunnel, the GGUF/config/DCGM fetches too.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { fetchUserUrl } from '../../../lib/clients/fetchUserUrl';
import { HttpClient } from '../../../lib/clients/http';
import { proxyFor } from '../../../lib/clients/transport/proxy';
import { VllmClient } from '../../../lib/clients/vllm';
import { failure } from '../../failure';
import { startTestProxy, type TestProxy } from '../../fakes/proxyServer';
import { closedPortUrl, startVllmFake, type VllmFake } from '../../fakes/vllmServer';

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'npm_config_proxy', 'npm_config_http_proxy', 'npm_config_https_proxy', 'npm_config_no_proxy'].flatMap(
	(name) => [name, name.toLowerCase()],
);
let saved: Record<string, string | undefined>;

beforeEach(() => {
	saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
	for (const name of PROXY_VARIABLES) delete process.env[name];
});

afterEach(() => {
	for (const [name, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});

function setEnv(values: Record<string, string>): void {
	Object.assign(process.env, values);
}

const route = (url: string) => proxyFor(new URL(url))?.display ?? 'direct';

describe('which proxy a URL takes (proxy-from-env semantics, as n8n)', () => {
	it('HTTP_PROXY for http, HTTPS_PROXY for https, ALL_PROXY for both; loopback is not special', () => {
		expect(route('http://127.0.0.1:8000')).toBe('direct');
		setEnv({ HTTP_PROXY: 'http://proxy.corp:3128' });
		expect(route('http://127.0.0.1:8000')).toBe('http://proxy.corp:3128');
		expect(route('http://localhost:1234')).toBe('http://proxy.corp:3128');
		expect(route('https://huggingface.co/x')).toBe('direct');
		setEnv({ HTTPS_PROXY: 'http://tls-proxy.corp:3129', ALL_PROXY: 'http://all.corp:1' });
		expect(route('https://huggingface.co/x')).toBe('http://tls-proxy.corp:3129');
		delete process.env.HTTP_PROXY;
		expect(route('http://vllm.lan:8000')).toBe('http://all.corp:1');
	});

	it('lower-case names win; a proxy without a scheme takes the target\'s; its password is never shown', () => {
		setEnv({ HTTP_PROXY: 'http://upper:1', http_proxy: 'lower.corp:3128' });
		expect(route('http://vllm.lan:8000')).toBe('http://lower.corp:3128');
		setEnv({ http_proxy: 'http://alice:s3cret-pw@proxy.corp:3128' });
		expect(route('http://vllm.lan:8000')).toBe('http://proxy.corp:3128');
		expect(proxyFor(new URL('http://vllm.lan:8000'))?.url.password).toBe('s3cret-pw');
	});

	it.each([
		['*', 'http://anything.example:80', 'direct'],
		['localhost,127.0.0.1,::1', 'http://127.0.0.1:8000', 'direct'],
		['localhost,127.0.0.1,::1', 'http://localhost:1234', 'direct'],
		// As proxy-from-env (and so n8n) reads it, an IPv6 entry needs its brackets, unlike curl's NO_PROXY.
		['localhost,127.0.0.1,::1', 'http://[::1]:8000', 'proxy'],
		['[::1]', 'http://[::1]:8000', 'direct'],
		['example.com', 'http://example.com', 'direct'],
		['example.com', 'http://api.example.com', 'proxy'],
		['.example.com', 'http://api.example.com', 'direct'],
		['*.example.com', 'http://api.example.com', 'direct'],
		['.example.com', 'http://example.com', 'proxy'],
		['gpu-node:9400', 'http://gpu-node:9400/metrics', 'direct'],
		['gpu-node:9400', 'http://gpu-node:8000', 'proxy'],
		['vllm.lan other.lan', 'http://other.lan:8000', 'direct'],
	])('NO_PROXY=%s: %s goes %s', (noProxy, url, expected) => {
		setEnv({ HTTP_PROXY: 'http://proxy.corp:3128', NO_PROXY: noProxy });
		expect(route(url) === 'direct' ? 'direct' : 'proxy').toBe(expected);
	});

	it('a proxy value that is not a URL is an input error', () => {
		setEnv({ HTTP_PROXY: 'http://[not-a-host' });
		expect(() => proxyFor(new URL('http://vllm.lan:8000'))).toThrow(/not a URL/);
	});
});

describe('requests through a real proxy on loopback', () => {
	let proxy: TestProxy;
	let fake: VllmFake;

	beforeEach(async () => {
		fake = await startVllmFake();
	});

	afterEach(async () => {
		await proxy?.close();
		await fake.close();
	});

	const generate = () => new VllmClient({ baseUrl: fake.url, retries: 0 }).generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hello' });

	it('an http server is reached through HTTP_PROXY, in absolute form', async () => {
		proxy = await startTestProxy();
		setEnv({ HTTP_PROXY: proxy.url });
		const result = await generate();
		expect(result.text).toContain('hello');
		expect(proxy.requests.map((request) => request.target)).toEqual(expect.arrayContaining([`${fake.url}/v1/chat/completions`, `${fake.url}/v1/models`]));
		expect(proxy.requests.every((request) => request.kind === 'forward')).toBe(true);
	});

	it.each([
		['the host', () => '127.0.0.1'],
		['the host and its port', (port: string) => `127.0.0.1:${port}`],
		['*', () => '*'],
	])('NO_PROXY naming %s sends it direct; another port still goes through the proxy', async (_what, noProxy) => {
		proxy = await startTestProxy();
		const port = new URL(fake.url).port;
		setEnv({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy(port) });
		await generate();
		expect(proxy.requests).toHaveLength(0);
		setEnv({ NO_PROXY: `127.0.0.1:${Number(port) + 1}` });
		await generate();
		expect(proxy.requests.length).toBeGreaterThan(0);
	});

	it('proxy credentials go to the proxy only, and never into messages', async () => {
		proxy = await startTestProxy({ credentials: 'alice:pr0xy-pa55word' });
		setEnv({ HTTP_PROXY: proxy.url.replace('//', '//alice:pr0xy-pa55word@') });
		await generate();
		expect(proxy.requests[0].proxyAuthorization).toBe(`Basic ${Buffer.from('alice:pr0xy-pa55word').toString('base64')}`);
		expect(fake.requests.every((request) => request.headers['proxy-authorization'] === undefined)).toBe(true);

		setEnv({ HTTP_PROXY: proxy.url.replace('//', '//alice:wrong-pa55word@') });
		const error = await failure(generate());
		expect(error.httpStatus).toBe(407);
		expect(error.hint).toMatch(/proxy .*requires authentication/);
		expect(JSON.stringify({ m: error.message, h: error.hint, s: error.serverMessage })).not.toContain('pa55word');
	});

	it('a proxy that is down is named in the message, and the hint points at NO_PROXY', async () => {
		const down = await closedPortUrl();
		setEnv({ HTTP_PROXY: down });
		const error = await failure(generate());
		expect(error.kind).toBe('unreachable');
		expect(error.message).toContain(`through the proxy ${down}`);
		expect(error.hint).toMatch(/NO_PROXY/);
	});

	it('user-given URLs (GGUF, config.json, DCGM) take the proxy too, redirects included', async () => {
		proxy = await startTestProxy();
		const files = http.createServer((req, res) => {
			if (req.url === '/start') res.writeHead(302, { location: '/config.json' }).end();
			else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
		await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
		try {
			setEnv({ HTTP_PROXY: proxy.url });
			const fetched = await fetchUserUrl(`${base}/start`, { what: 'the model config', hint: 'check it', timeoutMs: 5_000, maxBytes: 1_000 });
			expect(fetched.text()).toBe('{"ok":true}');
			expect(fetched.url).toBe(`${base}/config.json`);
			expect(proxy.requests.map((request) => request.target)).toEqual([`${base}/start`, `${base}/config.json`]);
		} finally {
			files.closeAllConnections();
			await new Promise<void>((resolve) => files.close(() => resolve()));
		}
	});
});

describe('https through a CONNECT tunnel', () => {
	let proxy: TestProxy;
	let server: https.Server;
	let target: string;
	let served: number;

	beforeAll(async () => {
		const tls = join(__dirname, '../../fixtures/tls');
		server = https.createServer({ key: readFileSync(join(tls, 'localhost.key')), cert: readFileSync(join(tls, 'localhost.crt')) }, (_req, res) => {
			served++;
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		target = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	beforeEach(async () => {
		served = 0;
		proxy = await startTestProxy();
		setEnv({ HTTPS_PROXY: proxy.url });
	});

	afterEach(() => proxy.close());

	it('opens one tunnel to the server and keeps it for the next request', async () => {
		// The fixture certificate is self-signed for 127.0.0.1. Node's TLS reads this variable at each connect from the real
		// process environment, which jest's sandbox copies: set it there, for this test only.
		const realEnv = (runInThisContext('process') as NodeJS.Process).env;
		realEnv.NODE_TLS_REJECT_UNAUTHORIZED = '0';
		try {
			const client = new HttpClient({ baseUrl: target, serverLabel: 'vLLM', retries: 0 });
			await client.request({ method: 'GET', path: '/v1/models' });
			await client.request({ method: 'GET', path: '/v1/models' });
		} finally {
			delete realEnv.NODE_TLS_REJECT_UNAUTHORIZED;
		}
		expect(served).toBe(2);
		expect(proxy.requests).toEqual([{ kind: 'connect', target: target.replace('https://', ''), proxyAuthorization: undefined }]);
	});

	it('checks the server certificate through the tunnel and says why it failed', async () => {
		const client = new HttpClient({ baseUrl: `${target}/other`, serverLabel: 'vLLM', retries: 0 });
		const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
		expect(error.message).toMatch(/through the proxy .*self-signed/);
		expect(proxy.requests.map((request) => request.kind)).toEqual(['connect']);
		expect(served).toBe(0);
	});
});
