/**
 * Issue 11 item 1 in the n8n engine: the Generate nodes against fakes that echo the credential into
 * every answer. Nothing n8n keeps or prints may hold the key or any 8-character run of it: item
 * outputs (raw answers included), Continue-on-Fail error items, the execution's error, the whole
 * execution record, n8n's log (LoggerProxy) and its error reporter.
 */
import { inspect } from 'node:util';
import { ErrorReporter } from 'n8n-core';
import { LoggerProxy, type INodeParameters } from 'n8n-workflow';
import { forgetLmStudioApis } from '../../lib/clients/lmstudio';
import { LmStudioGenerate } from '../../nodes/LmStudioGenerate/LmStudioGenerate.node';
import { VllmGenerate } from '../../nodes/VllmGenerate/VllmGenerate.node';
import { startLmStudioFake, type LmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake, type VllmFake } from '../fakes/vllmServer';
import { runNode, type RunResult } from './harness';

const VLLM_KEY = 'vllm-key-Ab3Cd5Ef7Gh9';
const LMSTUDIO_TOKEN = 'sk-lm-Jk2Lm4No:6Pq8Rs0Tu';

let logged: unknown[] = [];
let reported: jest.SpyInstance;

beforeAll(() => {
	const capture = (message: string, meta?: unknown) => logged.push({ message, meta });
	LoggerProxy.init({ error: capture, warn: capture, info: capture, debug: capture });
	reported = jest.spyOn(ErrorReporter.prototype, 'error').mockImplementation(() => undefined);
});

afterAll(() => {
	const noOp = () => undefined;
	LoggerProxy.init({ error: noOp, warn: noOp, info: noOp, debug: noOp });
	reported.mockRestore();
});

beforeEach(() => {
	logged = [];
	reported.mockClear();
});

/** Everything n8n holds after the run, printed in full (errors with their message, description, cause and stack). */
function everything(result: RunResult): string {
	const options = { depth: null, maxArrayLength: null, maxStringLength: null, breakLength: Infinity };
	return [inspect(result.run, options), inspect(result.error, options), JSON.stringify(result.outputs), inspect(logged, options), inspect(reported.mock.calls, options)].join('\n');
}

function expectNoSecret(result: RunResult, secret: string): void {
	const text = everything(result);
	const runs = new Set<string>();
	for (const form of [secret, encodeURIComponent(secret)]) for (let start = 0; start + 8 <= form.length; start++) runs.add(form.slice(start, start + 8));
	expect([...runs].filter((run) => text.includes(run))).toEqual([]);
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('vLLM Generate with a server that echoes the API key', () => {
	let fake: VllmFake;

	beforeEach(async () => {
		fake = await startVllmFake({ apiKey: VLLM_KEY, echoAuthorization: true, reasoning: 'thinking' });
	});

	afterEach(() => fake.close());

	const run = (parameters: INodeParameters, items: Array<Record<string, unknown>> = [{}], continueOnFail = false) =>
		runNode(new VllmGenerate(), parameters, {
			items: items as never,
			continueOnFail,
			credentialTypes: ['vllmApi'],
			credentials: { vllmApi: { baseUrl: fake.url, apiKey: VLLM_KEY, allowedAdapterPaths: '/models/lora' } },
		});

	it('generates with raw answers, and an item that fails (unknown model) becomes an error item', async () => {
		const result = await run(
			{ resource: 'text', operation: 'generate', model: byId('={{ $json.model }}'), mode: 'chat', prompt: '={{ $json.q }}', options: { includeRaw: true, retries: 0 } },
			[{ q: 'one', model: 'Qwen/Qwen3-8B' }, { q: 'two', model: 'missing-model' }, { q: 'three', model: 'Qwen/Qwen3-8B' }],
			true,
		);
		expect(result.last.json).toHaveLength(3);
		expect(String(result.last.json[0].text)).toContain('***');
		expect(result.last.json[1].error).toBeDefined();
		expect(fake.requests.filter((request) => request.headers.authorization === `Bearer ${VLLM_KEY}`).length).toBeGreaterThan(2);
		expectNoSecret(result, VLLM_KEY);
	});

	it.each([
		['a load answered 200 without "Success"', { kind: 'status' as const, status: 200, path: '/v1/load_lora_adapter', body: 'Queued by the gateway for {authorization}' }],
		['a plain-text 500', { kind: 'status' as const, status: 500, path: '/v1/load_lora_adapter', body: 'Internal error while serving {authorization}' }],
		['a 400 from the adapter route', { kind: 'status' as const, status: 400, path: '/v1/load_lora_adapter', body: '{"error":{"message":"bad adapter for {authorization}","type":"BadRequestError","code":400}}' }],
	])('loading an adapter fails the execution on %s, and the error holds no key', async (_name, failure) => {
		fake.setOptions({ failures: [failure] });
		const result = await run({ resource: 'adapter', operation: 'load', adapterName: 'sql', adapterPath: '/models/lora/sql' });
		expect(result.status).toBe('error');
		expect(everything(result)).toContain('***');
		expectNoSecret(result, VLLM_KEY);
	});

	it('lists models and adapters', async () => {
		const result = await run({ resource: 'model', operation: 'list' });
		expect(result.error).toBeUndefined();
		expectNoSecret(result, VLLM_KEY);
	});
});

describe('LM Studio Generate with a server that echoes the API token', () => {
	let fake: LmStudioFake;

	beforeEach(async () => {
		fake = await startLmStudioFake({ version: '0.4.8', apiToken: LMSTUDIO_TOKEN, echoAuthorization: true });
	});

	afterEach(async () => {
		forgetLmStudioApis();
		await fake.close();
	});

	const run = (parameters: INodeParameters, items: Array<Record<string, unknown>> = [{}], continueOnFail = false) =>
		runNode(new LmStudioGenerate(), parameters, {
			items: items as never,
			continueOnFail,
			credentialTypes: ['lmStudioApi'],
			credentials: { lmStudioApi: { baseUrl: fake.url, apiToken: LMSTUDIO_TOKEN } },
		});

	const generate = (options: Record<string, unknown> = {}): INodeParameters => ({ resource: 'text', operation: 'generate', model: byId('openai/gpt-oss-20b'), prompt: '={{ $json.q }}', options: { includeRaw: true, ...options } });

	it('generates with statistics and raw answers', async () => {
		const result = await run(generate(), [{ q: 'one' }, { q: 'two' }]);
		expect(result.error).toBeUndefined();
		expect(String(result.last.json[0].text)).toContain('***');
		expectNoSecret(result, LMSTUDIO_TOKEN);
	});

	it('a 200 without a completion becomes an error item whose message, hint and server message hold no token', async () => {
		await fake.setOptions({ failures: [{ kind: 'status', status: 200, path: '/api/v0/chat/completions', body: '{"error":"Generation failed"}' }] });
		const result = await run(generate({ retries: 0 }), [{ q: 'one' }, { q: 'two' }], true);
		expect(result.last.json[0].error).toMatch(/without a completion/);
		expect(result.last.json[1].text).toBeDefined();
		expectNoSecret(result, LMSTUDIO_TOKEN);
	});

	it('a malformed answer fails the execution without the token', async () => {
		await fake.setOptions({ failures: [{ kind: 'malformed', path: '/api/v0/chat/completions' }] });
		const result = await run(generate({ retries: 0 }), [{ q: 'one' }]);
		expect(result.status).toBe('error');
		expectNoSecret(result, LMSTUDIO_TOKEN);
	});

	it('lists, loads and unloads models', async () => {
		for (const operation of ['list', 'load', 'unload']) {
			const parameters = { resource: 'model', operation, model: byId('openai/gpt-oss-20b') };
			const result = await run(parameters as INodeParameters);
			expect(result.error).toBeUndefined();
			expectNoSecret(result, LMSTUDIO_TOKEN);
		}
	});
});
