/**
 * fetchUserUrl under Allowed Sources against real loopback servers: host names are judged by the
 * addresses they resolve to when the connection is made (a test resolver stands in for DNS), every
 * redirect is checked again, a token never follows a redirect to another origin, and size and time
 * are bounded. A refused target never receives a request.
 */
import * as http from 'node:http';
import { isIP, type AddressInfo, type LookupFunction } from 'node:net';
import { fetchUserUrl, type FetchUserUrlOptions } from '../../../lib/clients/fetchUserUrl';
import { parseSourcePolicy, type SourcePolicy } from '../../../lib/net/sourcePolicy';
import { startTestProxy } from '../../fakes/proxyServer';

interface Target {
	url: string;
	port: number;
	hits: Array<{ path: string; authorization?: string }>;
	close(): Promise<void>;
}

async function target(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1'): Promise<Target> {
	const hits: Target['hits'] = [];
	const server = http.createServer((req, res) => {
		hits.push({ path: req.url ?? '', authorization: req.headers.authorization });
		handler(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		hits,
		close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
	};
}

/** A resolver for test host names: what DNS would answer, including an attacker's answer. */
function testLookup(answers: Record<string, string>): LookupFunction {
	return (hostname, options, callback) => {
		const address = answers[hostname];
		if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
		const family = isIP(address);
		if (options.all) return (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
		callback(null, address, family);
	};
}

const options = (sources: SourcePolicy, extra: Partial<FetchUserUrlOptions> = {}): FetchUserUrlOptions => ({
	what: 'the GGUF file',
	hint: 'Check the URL.',
	sources,
	timeoutMs: 5_000,
	maxBytes: 1024 * 1024,
	...extra,
});

describe('fetchUserUrl with Allowed Sources', () => {
	let ok: Target;
	let other: Target;
	let ipv6: Target;
	const lookup = testLookup({ 'rebind.test': '127.0.0.1', 'public.test': '93.184.216.34', 'mapped.test': '::ffff:127.0.0.1' });
	beforeAll(async () => {
		ok = await target((req, res) => res.end('ok'));
		other = await target((req, res) => res.end('secret internal answer'));
		ipv6 = await target((req, res) => res.end('v6'), '::1');
	});
	afterAll(async () => Promise.all([ok.close(), other.close(), ipv6.close()]));
	beforeEach(() => {
		ok.hits.length = 0;
		other.hits.length = 0;
		ipv6.hits.length = 0;
	});

	it('a host name resolving to 127.0.0.1 is refused when the connection is made, even under * (DNS rebinding)', async () => {
		const sources = parseSourcePolicy('*', 'option', { lookup });
		const error = await fetchUserUrl(`http://rebind.test:${other.port}/x.gguf`, options(sources)).catch((e) => e);
		expect(error).toMatchObject({ kind: 'input', message: /rebind\.test resolves to 127\.0\.0\.1, a loopback address/ });
		expect(error.hint).toMatch(/"127\.0\.0\.1" \(or its range\), and the host/);
		await expect(fetchUserUrl(`http://mapped.test:${other.port}/x`, options(sources))).rejects.toMatchObject({ kind: 'input', message: /loopback/ });
		expect(other.hits).toHaveLength(0);
	});

	it('localhost with the system resolver: the host may be listed, its address still is not', async () => {
		const sources = parseSourcePolicy(`localhost:${other.port}`, 'option');
		await expect(fetchUserUrl(`http://localhost:${other.port}/x`, options(sources))).rejects.toMatchObject({ kind: 'input', message: /localhost resolves to (127\.0\.0\.1|::1), a.* loopback/ });
		expect(other.hits).toHaveLength(0);
	});

	it('listing the address as well allows it', async () => {
		const sources = parseSourcePolicy(`rebind.test, 127.0.0.1`, 'option', { lookup });
		const answer = await fetchUserUrl(`http://rebind.test:${ok.port}/x`, options(sources));
		expect(answer.text()).toBe('ok');
	});

	it.each([
		['[::1] on another port', (t: { ipv6: Target }) => `${t.ipv6.url}/x`, /::1 is an unspecified, loopback/],
		['127.0.0.1 on another port', (t: { other: Target }) => `${t.other.url}/x`, /not 127\.0\.0\.1:\d+/],
		['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/iam/', /link-local/],
		['localhost', (t: { other: Target }) => `http://localhost:${t.other.port}/x`, /not localhost/],
		['a decimal IP', (t: { other: Target }) => `http://2130706433:${t.other.port}/x`, /not 127\.0\.0\.1/],
	])('a redirect from the allowed server to %s is refused, and nothing reaches it', async (_label, location, reason) => {
		const redirecting = await target((req, res) => {
			res.writeHead(302, { location: location({ ipv6, other } as never) });
			res.end();
		});
		try {
			const sources = parseSourcePolicy(`${redirecting.url}`, 'option');
			const error = await fetchUserUrl(`${redirecting.url}/start.gguf`, options(sources)).catch((e) => e);
			expect(error).toMatchObject({ kind: 'input', message: reason });
			expect(error.message).toMatch(/^The redirect of the GGUF file from http:\/\/127\.0\.0\.1:\d+\/start\.gguf to /);
			expect(redirecting.hits).toHaveLength(1);
			expect(other.hits).toHaveLength(0);
			expect(ipv6.hits).toHaveLength(0);
		} finally {
			await redirecting.close();
		}
	});

	it('a redirect to a host name that resolves to a private address is refused at connect time', async () => {
		const redirecting = await target((req, res) => {
			res.writeHead(307, { location: `http://rebind.test:${other.port}/y` });
			res.end();
		});
		try {
			const sources = parseSourcePolicy(`${redirecting.url}, *`, 'option', { lookup });
			await expect(fetchUserUrl(`${redirecting.url}/x`, options(sources))).rejects.toMatchObject({ kind: 'input', message: /rebind\.test resolves to 127\.0\.0\.1/ });
			expect(other.hits).toHaveLength(0);
		} finally {
			await redirecting.close();
		}
	});

	it('origin headers (a token) go to the first origin only, never after a redirect to another one', async () => {
		const redirecting = await target((req, res) => {
			res.writeHead(302, { location: `${ok.url}/cdn` });
			res.end();
		});
		try {
			const sources = parseSourcePolicy(`${redirecting.url}, ${ok.url}`, 'option');
			await fetchUserUrl(`${redirecting.url}/file`, options(sources, { originHeaders: { authorization: 'Bearer hf_secret_token_123' } }));
			expect(redirecting.hits[0].authorization).toBe('Bearer hf_secret_token_123');
			expect(ok.hits[0].authorization).toBeUndefined();
		} finally {
			await redirecting.close();
		}
	});

	it('size and time limits hold for allowed URLs too', async () => {
		const big = await target((req, res) => res.end(Buffer.alloc(2 * 1024 * 1024)));
		const stuck = await target(() => undefined);
		try {
			const sources = parseSourcePolicy(`${big.url}, ${stuck.url}`, 'option');
			await expect(fetchUserUrl(`${big.url}/x`, options(sources))).rejects.toMatchObject({ kind: 'protocol', message: /sent more than 1048576 bytes/ });
			const started = Date.now();
			await expect(fetchUserUrl(`${stuck.url}/x`, options(sources, { timeoutMs: 300 }))).rejects.toMatchObject({ kind: 'unreachable', message: /did not answer within/ });
			expect(Date.now() - started).toBeLessThan(3_000);
		} finally {
			await Promise.all([big.close(), stuck.close()]);
		}
	});

	describe('through a proxy (the proxy resolves names)', () => {
		const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
		afterEach(() => {
			for (const [name, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		});

		it('the name is resolved here first and a private answer is refused before the proxy sees anything', async () => {
			const proxy = await startTestProxy();
			try {
				process.env.HTTP_PROXY = proxy.url;
				delete process.env.NO_PROXY;
				const sources = parseSourcePolicy('*', 'option', { lookup });
				await expect(fetchUserUrl(`http://rebind.test:${other.port}/x`, options(sources))).rejects.toMatchObject({ kind: 'input', message: /rebind\.test resolves to 127\.0\.0\.1/ });
				expect(proxy.requests).toHaveLength(0);
			} finally {
				await proxy.close();
			}
		});
	});
});
