/**
 * Both clients against fakes that echo the credential into every answer (success bodies, error
 * bodies, plain text, headers, malformed bodies): no result, error, hint or server message may
 * hold the key or any 8-character run of it.
 */
import { LmStudioClient } from '../../../lib/clients/lmstudio';
import { VllmClient } from '../../../lib/clients/vllm';
import { OverlayError } from '../../../lib/errors';
import { startLmStudioFake, type LmStudioFake } from '../../fakes/lmStudioServer';
import { startVllmFake, type VllmFake } from '../../fakes/vllmServer';

const VLLM_KEY = 'vllm-key-7Hq2Lm9Zp4Xw8Rt5';
const LMSTUDIO_TOKEN = 'sk-lm-Qw3Er5Ty:Ui8Op2As6Df';

/** Every 8-character run of the secret, bare and URL-encoded. */
function fragments(secret: string): string[] {
	const runs: string[] = [];
	for (const form of new Set([secret, encodeURIComponent(secret)])) {
		for (let start = 0; start + 8 <= form.length; start++) runs.push(form.slice(start, start + 8));
	}
	return runs;
}

function expectNoSecret(label: string, value: unknown, secret: string): void {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	const leaked = fragments(secret).filter((run) => text.includes(run));
	expect({ label, leaked }).toEqual({ label, leaked: [] });
}

/** Everything a call hands back: its result, or its error's message, hint, server message and stack. */
async function everything(call: () => Promise<unknown>): Promise<{ text: string; failed: boolean }> {
	try {
		return { text: JSON.stringify(await call()), failed: false };
	} catch (error) {
		const e = error as OverlayError;
		expect(e).toBeInstanceOf(OverlayError);
		return { text: JSON.stringify({ message: e.message, hint: e.hint, serverMessage: e.serverMessage, url: e.url, stack: e.stack }), failed: true };
	}
}

interface Expectation {
	name: string;
	fails: boolean;
	/** Whether the output quotes server text, so that the echo must show as ***. */
	quotesServer: boolean;
	secret: string;
}

/** `sent`: the fake received the secret, so there was something to echo. */
async function expectCase(call: () => Promise<unknown>, expected: Expectation, sent: () => boolean): Promise<void> {
	const { text, failed } = await everything(call);
	expect(failed).toBe(expected.fails);
	expect(sent()).toBe(true);
	if (expected.quotesServer) expect(text).toContain('***');
	expectNoSecret(expected.name, text, expected.secret);
}

async function expectWrongSecretHidden(call: () => Promise<unknown>, secret: string): Promise<void> {
	const { text, failed } = await everything(call);
	expect(failed).toBe(true);
	expectNoSecret('401', text, secret);
}

describe('vLLM client with a server that echoes the API key', () => {
	let fake: VllmFake;
	let client: VllmClient;

	beforeEach(async () => {
		fake = await startVllmFake({ apiKey: VLLM_KEY, echoAuthorization: true, reasoning: 'thinking', adapters: [{ name: 'sql', path: '/models/lora/sql' }] });
		client = new VllmClient({ baseUrl: fake.url, apiKey: VLLM_KEY, retries: 1, retryBaseDelayMs: 1, allowedAdapterPaths: '/models/lora' });
	});

	afterEach(() => fake.close());

	// [operation, call, fails, quotesServer (default true)]
	it.each<[string, (client: VllmClient, fake: VllmFake) => Promise<unknown>, boolean, boolean?]>([
		['list models', (c) => c.listModels(), false, false],
		['chat with the raw answer', (c) => c.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi', includeRaw: true }), false],
		['completion with the raw answer', (c) => c.generate({ model: 'Qwen/Qwen3-8B', mode: 'completion', prompt: 'hi', includeRaw: true }), false],
		['structured output (reads /version)', (c) => c.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi', jsonSchema: { type: 'object' } }), false],
		['load an adapter (plain-text answer)', (c) => c.loadLoraAdapter({ name: 'new', path: '/models/lora/new' }), false],
		['unload an adapter', (c) => c.unloadLoraAdapter({ name: 'sql' }), false],
		['an unknown model (404, then the listing)', (c) => c.generate({ model: 'nope', mode: 'chat', prompt: 'hi' }), true],
		['a prompt too long (400)', (c) => c.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi', sampling: { maxTokens: 99_999 } }), true],
		['a load answered 200 without "Success"', (c, f) => (f.setOptions({ failures: [{ kind: 'status', status: 200, path: '/v1/load_lora_adapter', body: 'Adapter queued by the gateway for {authorization}' }] }), c.loadLoraAdapter({ name: 'new', path: '/models/lora/new' })), true],
		['a plain-text 500', (c, f) => (f.setOptions({ failures: [{ kind: 'status', status: 500, body: 'Internal error while serving {authorization}' }] }), c.listModels()), true],
		['a 503 after retries', (c, f) => (f.setOptions({ failures: [{ kind: 'status', status: 503, times: 2 }] }), c.listModels()), true],
		['a malformed answer', (c, f) => (f.setOptions({ failures: [{ kind: 'malformed', path: '/v1/chat/completions' }] }), c.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' })), true],
		['a 200 that is not JSON', (c, f) => (f.setOptions({ failures: [{ kind: 'status', status: 200, path: '/v1/chat/completions', body: 'gateway page for {authorization} '.repeat(12) }] }), c.generate({ model: 'Qwen/Qwen3-8B', mode: 'chat', prompt: 'hi' })), true],
	])('%s', async (name, call, fails, quotesServer = true) => {
		const sent = () => fake.requests.some((request) => request.headers.authorization === `Bearer ${VLLM_KEY}`);
		await expectCase(() => call(client, fake), { name, fails, quotesServer, secret: VLLM_KEY }, sent);
	});

	it('a wrong key echoed in the 401 is not shown either', async () => {
		const wrong = new VllmClient({ baseUrl: fake.url, apiKey: 'wrong-key-Zx81Qp0Lm', retries: 0 });
		await expectWrongSecretHidden(() => wrong.listModels(), 'wrong-key-Zx81Qp0Lm');
	});
});

describe('LM Studio client with a server that echoes the API token', () => {
	let fake: LmStudioFake;
	let client: LmStudioClient;

	beforeEach(async () => {
		fake = await startLmStudioFake({ version: '0.4.8', apiToken: LMSTUDIO_TOKEN, echoAuthorization: true });
		client = new LmStudioClient({ baseUrl: fake.url, apiToken: LMSTUDIO_TOKEN, retries: 1, retryBaseDelayMs: 1 });
	});

	afterEach(() => fake.close());

	const generate = (c: LmStudioClient) => c.generate({ model: 'openai/gpt-oss-20b', prompt: 'hi', includeRaw: true });

	it.each<[string, (client: LmStudioClient, fake: LmStudioFake) => Promise<unknown>, boolean, boolean?]>([
		['list models', (c) => c.listModels(), false],
		['generate with stats and the raw answer', generate, false],
		['load a model', (c) => c.loadModel({ model: 'openai/gpt-oss-20b' }), false, false],
		['an unknown model (400)', (c) => c.generate({ model: 'nope/nope', prompt: 'hi' }), true],
		['a 200 without a completion (its error string)', async (c, f) => (await f.setOptions({ failures: [{ kind: 'status', status: 200, path: '/api/v0/chat/completions', body: '{"error":"Generation failed"}' }] }), generate(c)), true],
		['a 503 after retries', async (c, f) => (await f.setOptions({ failures: [{ kind: 'status', status: 503, times: 2, path: '/api/v0/chat/completions' }] }), generate(c)), true],
		['a malformed answer', async (c, f) => (await f.setOptions({ failures: [{ kind: 'malformed', path: '/api/v0/chat/completions' }] }), generate(c)), true],
	])('%s', async (name, call, fails, quotesServer = true) => {
		const sent = () => fake.requests.some((request) => request.authorization === `Bearer ${LMSTUDIO_TOKEN}`);
		await expectCase(() => call(client, fake), { name, fails, quotesServer, secret: LMSTUDIO_TOKEN }, sent);
	});

	it('a wrong token echoed in the 401 is not shown either', async () => {
		const wrong = new LmStudioClient({ baseUrl: fake.url, apiToken: 'sk-lm-wrong:Token12345', retries: 0 });
		await expectWrongSecretHidden(() => wrong.listModels(), 'sk-lm-wrong:Token12345');
	});
});
