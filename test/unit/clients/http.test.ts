/** The shared HTTP layer against a real loopback server: bodies, error shapes, retries, deadlines, abort, secrets. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { HttpClient } from '../../../lib/clients/http';
import { failure } from '../../failure';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let hits: Array<{ method?: string; url?: string; authorization?: string; body: string }>;

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			hits.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
			handler(req, res, body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	hits = [];
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
};

test('sends JSON with a Bearer key only when one is set, validates with zod', async () => {
	handler = (_req, res, body) => json(res, 200, { echo: body ? JSON.parse(body) : null });
	const schema = z.object({ echo: z.object({ a: z.number() }) });
	const withKey = new HttpClient({ baseUrl: `${baseUrl}/v1/`, apiKey: 'sk-secret-123', serverLabel: 'vLLM' });
	const response = await withKey.request({ method: 'POST', path: '/v1/chat/completions', body: { a: 1 }, schema });
	expect(response.data.echo.a).toBe(1);
	expect(hits[0].authorization).toBe('Bearer sk-secret-123');
	expect(hits[0].url).toBe('/v1/chat/completions');

	const withoutKey = new HttpClient({ baseUrl, apiKey: '  ', serverLabel: 'vLLM' });
	await withoutKey.request({ method: 'GET', path: '/x' });
	expect(hits[1].authorization).toBeUndefined();
});

test('plain-text success bodies are returned as text', async () => {
	handler = (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end("Success: LoRA adapter 'sql' added successfully.");
	};
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM' });
	const response = await client.request({ method: 'POST', path: '/v1/load_lora_adapter', body: {}, responseType: 'text' });
	expect(response.data).toBe("Success: LoRA adapter 'sql' added successfully.");
});

test.each([
	['nested (vLLM >= 0.10.1)', { error: { message: 'The model `x` does not exist.', type: 'NotFoundError', param: null, code: 404 } }, 'The model `x` does not exist.'],
	['flat (vLLM <= 0.10.0)', { object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 }, 'The model `x` does not exist.'],
	['string (vLLM 401, LM Studio crash)', { error: 'Unauthorized' }, 'Unauthorized'],
	['FastAPI detail', { detail: 'Not Found' }, 'Not Found'],
])('reads the %s error shape', async (_name, body, message) => {
	handler = (_req, res) => json(res, 404, body);
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', retries: 0 });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(error.kind).toBe('http');
	expect(error.httpStatus).toBe(404);
	expect(error.serverMessage).toBe(message);
	expect(error.message).toContain(message);
});

test('describeError lets a client name the fix', async () => {
	handler = (_req, res) => json(res, 400, { error: { message: "This model's maximum context length is 4096 tokens.", code: 400 } });
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM' });
	const error = await failure(
		client.request({
			method: 'POST',
			path: '/v1/chat/completions',
			body: {},
			describeError: (e) => (/maximum context length is (\d+)/.test(e.message) ? { message: 'too long', hint: 'shorten it' } : undefined),
		}),
	);
	expect(error.message).toBe('too long');
	expect(error.hint).toBe('shorten it');
});

test('429 with Retry-After is retried after the given delay, then succeeds', async () => {
	let calls = 0;
	handler = (_req, res) => (++calls === 1 ? json(res, 429, { error: 'busy' }, { 'retry-after': '1' }) : json(res, 200, { ok: true }));
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', retries: 2, retryBaseDelayMs: 1 });
	const started = Date.now();
	const response = await client.request({ method: 'POST', path: '/v1/chat/completions', body: {} });
	expect(response.attempts).toBe(2);
	expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

test('503 is retried at most `retries` times, then reported', async () => {
	handler = (_req, res) => json(res, 503, { error: { message: 'overloaded' } });
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', retries: 2, retryBaseDelayMs: 1 });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(hits).toHaveLength(3);
	expect(error.httpStatus).toBe(503);
	expect(error.hint).toMatch(/retried 2 times and failed each time/);
});

test.each([
	[500, {}, /not retried: the same request gets the same answer/, 1],
	[400, { error: { message: 'max_tokens must be at least 1, got 0.', type: 'BadRequestError', param: 'max_tokens', code: 400 } }, /field "max_tokens".*max_tokens must be at least 1/, 1],
	[422, { detail: [{ loc: ['body', 'messages', 0, 'content'], msg: 'Field required' }] }, /invalid: "body\.messages\.0\.content: Field required"/, 1],
	[404, { detail: 'Not Found' }, /does not exist on the server at .*List Models/, 1],
	[413, { error: 'Request Entity Too Large' }, /larger than vLLM .*accepts/, 1],
	[429, { error: 'busy' }, /rate-limiting.*asked to wait 0 s.*retried 1 time and failed/, 2],
	[502, { error: 'bad gateway' }, /retried 1 time and failed each time/, 2],
	[418, { error: 'teapot' }, /refused the request \(HTTP 418\).*not retried/, 1],
])('HTTP %i gets a hint that is true for it, not the message again', async (status, body, hint, attempts) => {
	handler = (_req, res) => json(res, status, body, { 'retry-after': '0' });
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', retries: 1, retryBaseDelayMs: 1 });
	const error = await failure(client.request({ method: 'POST', path: '/v1/chat/completions', body: {} }));
	expect(error.httpStatus).toBe(status);
	expect(error.hint).toMatch(hint);
	expect(error.hint).not.toBe(error.message);
	expect(hits).toHaveLength(attempts);
});

test('a request that is never repeated says so when it meets a retryable status', async () => {
	handler = (_req, res) => json(res, 503, { error: 'loading' });
	const client = new HttpClient({ baseUrl, serverLabel: 'LM Studio', retries: 3, retryBaseDelayMs: 1 });
	const error = await failure(client.request({ method: 'POST', path: '/api/v1/models/load', body: {}, retry: false }));
	expect(hits).toHaveLength(1);
	expect(error.hint).toMatch(/never repeated automatically/);
});

test('400 is not retried', async () => {
	handler = (_req, res) => json(res, 400, { error: { message: 'bad' } });
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', retries: 3, retryBaseDelayMs: 1 });
	await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(hits).toHaveLength(1);
});

test('a malformed JSON body is a protocol error', async () => {
	handler = (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"choices": [');
	};
	const client = new HttpClient({ baseUrl, serverLabel: 'LM Studio' });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(error.kind).toBe('protocol');
});

test('a 200 with the wrong shape is a protocol error naming the field', async () => {
	handler = (_req, res) => json(res, 200, { data: 'Unexpected endpoint' });
	const client = new HttpClient({ baseUrl, serverLabel: 'LM Studio' });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models', schema: z.object({ data: z.array(z.unknown()) }) }));
	expect(error.kind).toBe('protocol');
	expect(error.message).toContain('data');
});

test('the deadline covers a server that never answers', async () => {
	handler = () => undefined;
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', timeoutMs: 200, retries: 2 });
	const started = Date.now();
	const error = await failure(client.request({ method: 'POST', path: '/v1/chat/completions', body: {} }));
	expect(error.kind).toBe('unreachable');
	expect(error.message).toContain('within 0.2 s');
	expect(hits).toHaveLength(1);
	expect(Date.now() - started).toBeLessThan(3_000);
});

test('an abort signal cancels a request in flight', async () => {
	handler = () => undefined;
	const client = new HttpClient({ baseUrl, serverLabel: 'vLLM', timeoutMs: 0 });
	const controller = new AbortController();
	setTimeout(() => controller.abort(), 100);
	const error = await failure(client.request({ method: 'GET', path: '/slow', signal: controller.signal }));
	expect(error.kind).toBe('cancelled');
});

test('a refused connection is retried, then says where the server was expected', async () => {
	const closed = createServer();
	await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
	const port = (closed.address() as AddressInfo).port;
	await new Promise<void>((resolve) => closed.close(() => resolve()));
	const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, serverLabel: 'vLLM', retries: 1, retryBaseDelayMs: 1 });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(error.kind).toBe('unreachable');
	expect(error.message).toContain('connection refused');
	expect(error.hint).toContain(`Is vLLM running at http://127.0.0.1:${port}?`);
});

test('the API key never appears in an error, even when the server echoes it', async () => {
	handler = (req, res) => json(res, 401, { error: `bad key ${req.headers.authorization}` });
	const client = new HttpClient({ baseUrl, apiKey: 'sk-very-secret-key', serverLabel: 'vLLM' });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	const everything = JSON.stringify({ message: error.message, hint: error.hint, server: error.serverMessage, stack: error.stack });
	expect(everything).not.toContain('sk-very-secret-key');
	expect(error.hint).toMatch(/API key/);
});

test('the key is redacted before a body is cut for a message, so a key across the cut leaks no part', async () => {
	const key = 'sk-straddle-0123456789abcdef';
	// Not JSON, so the message quotes the first 200 characters: the key starts at 190 and crosses the cut.
	handler = (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(`${'x'.repeat(190)}${key} and more`);
	};
	const client = new HttpClient({ baseUrl, apiKey: key, serverLabel: 'vLLM' });
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(error.kind).toBe('protocol');
	expect(error.message).toContain('***');
	expect(error.message).not.toContain(key.slice(0, 8));
});

test('success bodies and headers are redacted too, JSON escapes decoded first', async () => {
	const key = 'sk-echo/abc+def-123456';
	handler = (req, res) => {
		res.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization) });
		// `\/` is JSON's optional escape of "/", as PHP and some proxies write it.
		res.end(`{"echo":${JSON.stringify(req.headers.authorization)},"escaped":"${key.replace('/', '\\/')}"}`);
	};
	const client = new HttpClient({ baseUrl, apiKey: key, serverLabel: 'vLLM' });
	const response = await client.request<Record<string, string>>({ method: 'GET', path: '/v1/models' });
	expect(JSON.stringify({ data: response.data, text: response.text, headers: response.headers })).not.toContain(key.slice(0, 8));
	expect(response.data).toEqual({ echo: 'Bearer ***', escaped: '***' });
	expect(response.headers['x-echo']).toBe('Bearer ***');
});

test('a user and password in the base URL become Basic auth and never appear in messages', async () => {
	handler = (_req, res) => json(res, 500, { error: 'boom' });
	const [scheme, rest] = baseUrl.split('//');
	const client = new HttpClient({ baseUrl: `${scheme}//admin:p%40ss-word-42@${rest}/prefix/`, serverLabel: 'vLLM', retries: 0 });
	expect(client.baseUrl).toBe(`${baseUrl}/prefix`);
	const error = await failure(client.request({ method: 'GET', path: '/v1/models' }));
	expect(hits[0].url).toBe('/prefix/v1/models');
	expect(hits[0].authorization).toBe(`Basic ${Buffer.from('admin:p@ss-word-42').toString('base64')}`);
	expect(JSON.stringify({ m: error.message, h: error.hint, u: error.url })).not.toMatch(/p%40ss|p@ss/);
});

test('a key that cannot go into a header is an input error that does not show it', () => {
	const build = () => new HttpClient({ baseUrl, apiKey: 'sk-line\nbreak-123456', serverLabel: 'vLLM' });
	expect(build).toThrow(/cannot be sent in an HTTP header/);
	expect(build).not.toThrow(/sk-line/);
});

test('a base URL that is not http(s) is an input error', () => {
	expect(() => new HttpClient({ baseUrl: 'localhost:8000', serverLabel: 'vLLM' })).toThrow(/not an http\(s\) URL/);
});
