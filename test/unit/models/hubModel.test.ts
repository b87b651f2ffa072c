/**
 * Models from the Hugging Face Hub by id, against the fake Hub (test/fakes/hfHubServer.ts) serving
 * real configs and safetensors headers generated from them. The fake Hub and its CDN answer on
 * host names (hub.test, cdn-lfs.hub.test) that a test resolver maps to 127.0.0.1: Allowed Sources
 * lets them through only because this test lists both hosts and the loopback address.
 */
import { readFileSync } from 'node:fs';
import { isIP, type LookupFunction } from 'node:net';
import { join } from 'node:path';
import { estimateMemory, loadModel, parameterGroups, pickQuantFormat, whatFits } from '../../../lib/advisor';
import { clearHubModelCache } from '../../../lib/models/hub/hubModel';
import { parseSourcePolicy, type SourcePolicy } from '../../../lib/net/sourcePolicy';
import { gptOssTensors, qwen3MoeTensors } from '../../fakes/hubCheckpoints';
import { startFakeHub, type FakeHub, type FakeHubOptions } from '../../fakes/hfHubServer';

const FIXTURES = join(__dirname, '../../fixtures/models');
const qwenConfig = JSON.parse(readFileSync(join(FIXTURES, 'qwen3-30b-a3b.config.json'), 'utf8'));
const gptOssConfig = JSON.parse(readFileSync(join(FIXTURES, 'gpt-oss-20b.config.json'), 'utf8'));
/** Qwen3-30B-A3B-FP8's quantization_config (https://huggingface.co/Qwen/Qwen3-30B-A3B-FP8/blob/main/config.json). */
const qwenFp8Config = { ...qwenConfig, quantization_config: { activation_scheme: 'dynamic', fmt: 'e4m3', quant_method: 'fp8', weight_block_size: [128, 128] } };
const TOKEN = 'hf_TestTokenThatMustNeverShow1234';
const GB = 1e9;

const lookup: LookupFunction = (hostname, options, callback) => {
	const address = hostname === 'hub.test' || hostname === 'cdn-lfs.hub.test' ? '127.0.0.1' : undefined;
	if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
	if (options.all) return (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family: isIP(address) }]);
	callback(null, address, isIP(address));
};

const REPOS: FakeHubOptions['repos'] = [
	{ id: 'Qwen/Qwen3-30B-A3B-FP8', config: qwenFp8Config, tensors: qwen3MoeTensors(qwenConfig, { fp8: true }), maxShardBytes: 5 * GB, revisions: ['v1'] },
	{
		id: 'fixtures/gpt-oss-20b',
		config: gptOssConfig,
		tensors: gptOssTensors(gptOssConfig),
		maxShardBytes: 5 * GB,
		shardName: (i, n) => `model-${String(i).padStart(5, '0')}-of-${String(n - 1).padStart(5, '0')}.safetensors`,
		renamedFrom: ['old-org/gpt-oss-20b'],
	},
	{ id: 'fixtures/qwen3-30b-a3b-single-file', config: qwenConfig, tensors: qwen3MoeTensors(qwenConfig) },
	// Qwen3-30B-A3B has 16 shards of up to 4 GB (https://huggingface.co/Qwen/Qwen3-30B-A3B/tree/main).
	{ id: 'fixtures/gated-qwen', config: qwenConfig, tensors: qwen3MoeTensors(qwenConfig), maxShardBytes: 4 * GB, gated: true },
	{ id: 'fixtures/config-only', config: qwenConfig },
];

async function startHub(extra: Partial<FakeHubOptions> = {}): Promise<{ hub: FakeHub; endpoint: string; sources: SourcePolicy }> {
	const hub = await startFakeHub({ repos: REPOS, accessTokens: [TOKEN], knownTokens: ['hf_known_but_not_allowed'], cdnBase: (port) => `http://cdn-lfs.hub.test:${port}`, ...extra });
	const endpoint = hub.url.replace('127.0.0.1', 'hub.test');
	const cdnPort = new URL(hub.cdnUrl).port;
	const sources = parseSourcePolicy(`http://hub.test:${new URL(hub.url).port}, http://cdn-lfs.hub.test:${cdnPort}, 127.0.0.1`, 'option', { lookup });
	return { hub, endpoint, sources };
}

describe('models from the Hugging Face Hub', () => {
	let hub: FakeHub;
	let endpoint: string;
	let sources: SourcePolicy;
	beforeAll(async () => ({ hub, endpoint, sources } = await startHub()));
	afterAll(() => hub.close());
	beforeEach(() => {
		clearHubModelCache();
		hub.requests.length = 0;
	});

	it('Qwen/Qwen3-30B-A3B-FP8: the format from quantization_config, exact bytes per class from the shard headers', async () => {
		const model = await loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint } });
		expect(model).toMatchObject({ id: 'Qwen/Qwen3-30B-A3B-FP8', nativeFormat: 'FP8', numLayers: 48, moe: { numExperts: 128 } });
		const read = model.checkpointTensors!;
		// By hand from the config: 48 layers x 128 experts x 3 projections of 768 x 2048 FP8 bytes, each with a
		// 6 x 16 (or 16 x 6) F32 block-scale grid.
		const expertBytes = 48 * 128 * 3 * (768 * 2048 + 6 * 16 * 4);
		expect(read.classes.experts).toBe(expertBytes);
		expect(read.classes.embedding).toBe(151936 * 2048 * 2);
		expect(read.classes.output).toBe(151936 * 2048 * 2);
		expect(read.classes.router).toBe(48 * 128 * 2048 * 2);
		// q 4096 x 2048, k and v 512 x 2048, o 2048 x 4096, FP8 with 128 x 128 scale blocks.
		expect(read.classes.attention).toBe(48 * (2 * 4096 * 2048 + 2 * 512 * 2048 + (2 * 32 * 16 + 2 * 4 * 16) * 4));
		expect(read.dtypes.F8_E4M3.tensors).toBe(48 * (4 + 128 * 3));
		expect(read.files).toBe(7);
		expect(read.totalBytes).toBe(Object.values(read.classes).reduce((a, b) => a + b, 0));
		expect(read.notes).toEqual([]);
		// Header bytes only: every range read is a bounded Range request, to the CDN.
		const cdnReads = hub.requests.filter((r) => r.server === 'cdn');
		expect(cdnReads.length).toBeGreaterThanOrEqual(7);
		expect(cdnReads.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
		expect(Math.max(...cdnReads.map((r) => { const [a, b] = r.range!.slice(6).split('-').map(Number); return b - a + 1; }))).toBeLessThan(1024 * 1024);
	});

	it('gpt-oss-20b (renamed repo, gpt-oss shard names): 13.76 GB as the real shards (4.79 + 4.80 + 4.17 GB), experts in MXFP4 blocks', async () => {
		const model = await loadModel('old-org/gpt-oss-20b', { sources, hub: { endpoint } });
		const read = model.checkpointTensors!;
		expect(model.nativeFormat).toBe('MXFP4');
		expect(read.files).toBe(3);
		expect(Math.abs(read.totalBytes - 13.76 * GB) / (13.76 * GB)).toBeLessThan(0.001);
		expect(read.dtypes.U8.bytes).toBe(24 * 32 * (5760 + 2880) * 90 * 17);
		expect(read.classes.experts).toBe(read.dtypes.U8.bytes + 24 * 32 * (5760 + 2880) * 2);
		// The estimator uses these bytes, not parameter counts x 4.25 bits.
		const estimate = estimateMemory({ model, format: 'MXFP4', checkpoint: 'safetensors', engine: 'vllm', contextLength: 8192 });
		expect(estimate.weightsBytes).toBe(read.totalBytes);
	});

	it('a single model.safetensors (no index) is read the same way', async () => {
		const model = await loadModel('fixtures/qwen3-30b-a3b-single-file', { sources, hub: { endpoint } });
		expect(model.checkpointTensors).toMatchObject({ files: 1, format: 'BF16' });
		// BF16: exactly two bytes per parameter; q_norm and k_norm (2 x 128 per layer) are what parameterGroups does not count.
		expect(model.checkpointTensors!.totalBytes).toBe(2 * (parameterGroups(model).total + 48 * 2 * 128));
		expect(hub.requests.some((r) => r.path.endsWith('/model.safetensors.index.json'))).toBe(true);
	});

	it('a repository without safetensors is planned from its config, without exact bytes', async () => {
		const model = await loadModel('fixtures/config-only', { sources, hub: { endpoint } });
		expect(model.checkpointTensors).toBeUndefined();
		expect(model.numLayers).toBe(48);
	});

	it('a second plan does not refetch; another revision does', async () => {
		await pickQuantFormat({ gpus: ['h100'], model: 'Qwen/Qwen3-30B-A3B-FP8', engine: 'vllm', contextLength: 8192, sources, hub: { endpoint } });
		const first = hub.requests.length;
		expect(first).toBeGreaterThan(0);
		const [a, b] = await Promise.all([
			pickQuantFormat({ gpus: ['h100'], model: 'Qwen/Qwen3-30B-A3B-FP8', engine: 'vllm', contextLength: 8192, sources, hub: { endpoint } }),
			whatFits({ gpus: ['h100'], engine: 'vllm', contextLength: 8192, models: ['Qwen/Qwen3-30B-A3B-FP8'], includeCatalog: false, sources, hub: { endpoint } }),
		]);
		expect(hub.requests.length).toBe(first);
		expect(a.model.checkpointTensors?.files).toBe(7);
		expect(b.ranking[0].model.id).toBe('Qwen/Qwen3-30B-A3B-FP8');
		await loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint, revision: 'v1' } });
		expect(hub.requests.length).toBeGreaterThan(first);
		expect(hub.requests.some((r) => r.path.includes('/resolve/v1/'))).toBe(true);
	});

	it('the plan uses the exact bytes: the FP8 candidate weighs what the headers say', async () => {
		const result = await pickQuantFormat({ gpus: ['h100'], model: 'Qwen/Qwen3-30B-A3B-FP8', engine: 'vllm', contextLength: 8192, sources, hub: { endpoint } });
		const native = result.candidates.find((c) => c.format === 'FP8' && c.checkpoint === 'safetensors')!;
		expect(native.memory.weightsBytes).toBe(result.model.checkpointTensors!.totalBytes);
		expect(native.engineArgs.command).toContain('vllm serve Qwen/Qwen3-30B-A3B-FP8');
	});

	it('gated: without a token a clear hint; with an allowed token it loads, and the token goes to the Hub only', async () => {
		const refused = await loadModel('fixtures/gated-qwen', { sources, hub: { endpoint } }).catch((e) => e);
		expect(refused).toMatchObject({ kind: 'input', httpStatus: 401, message: /fixtures\/gated-qwen is a gated model: reading it needs a token/ });
		expect(refused.hint).toMatch(/Accept the model's terms on .*hub\.test.*fixtures\/gated-qwen, then give a Hugging Face token \(the Hugging Face Hub credential on Pick Quant Format, or HF_TOKEN/);
		hub.requests.length = 0;
		const model = await loadModel('fixtures/gated-qwen', { sources, hub: { endpoint, token: TOKEN } });
		expect(model.checkpointTensors?.files).toBe(16);
		const hubAuth = hub.requests.filter((r) => r.server === 'hub').map((r) => r.authorization);
		expect(hubAuth.length).toBeGreaterThan(16);
		expect(hubAuth.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
		const cdnAuth = hub.requests.filter((r) => r.server === 'cdn').map((r) => r.authorization);
		expect(cdnAuth.length).toBeGreaterThanOrEqual(16);
		expect(cdnAuth.every((a) => a === undefined)).toBe(true);
		const noAccess = await loadModel('fixtures/gated-qwen', { sources, hub: { endpoint, token: 'hf_known_but_not_allowed' } }).catch((e) => e);
		expect(noAccess).toMatchObject({ kind: 'input', httpStatus: 403, message: /the token given has no access/ });
	});

	it('missing repo, missing revision, refused token: clear errors that never show the token', async () => {
		const missing = await loadModel('nobody/no-such-model', { sources, hub: { endpoint } }).catch((e) => e);
		expect(missing).toMatchObject({ kind: 'input', httpStatus: 401, message: /No model nobody\/no-such-model on http:\/\/hub\.test:\d+ \(HTTP 401\)/ });
		expect(missing.hint).toMatch(/private and gated models too/);
		await expect(loadModel('nobody/no-such-model', { sources, hub: { endpoint, token: TOKEN } })).rejects.toMatchObject({ httpStatus: 404, message: /No model/ });
		await expect(loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint, revision: 'nope' } })).rejects.toMatchObject({ kind: 'input', message: /has no revision "nope"/ });
		const badToken = 'hf_WrongTokenWrongTokenWrong99';
		const refused = await loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint, token: badToken } }).catch((e) => e);
		expect(refused).toMatchObject({ kind: 'http', httpStatus: 401, message: /refused the token/ });
		for (const error of [missing, refused]) expect(JSON.stringify({ m: error.message, h: error.hint, s: error.serverMessage, u: error.url })).not.toMatch(/hf_(Test|Wrong)/);
		await expect(loadModel('not a model id', { sources })).rejects.toMatchObject({ kind: 'input', message: /Unknown model/ });
	});

	it('HF_ENDPOINT and HF_TOKEN from the environment', async () => {
		const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_TOKEN: process.env.HF_TOKEN };
		try {
			process.env.HF_ENDPOINT = endpoint;
			process.env.HF_TOKEN = TOKEN;
			expect((await loadModel('fixtures/gated-qwen', { sources })).checkpointTensors?.files).toBe(16);
		} finally {
			for (const [name, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		}
	});

	it('the endpoint itself must be allowed: nothing is requested otherwise', async () => {
		const error = await loadModel('Qwen/Qwen3-30B-A3B-FP8', { hub: { endpoint } }).catch((e) => e);
		expect(error).toMatchObject({ kind: 'input', message: /The Hugging Face endpoint http:\/\/hub\.test:\d+\/ was refused: the default .* allows huggingface/ });
		expect(hub.requests).toHaveLength(0);
	});

	it('a CDN host that Allowed Sources does not list is refused at the redirect', async () => {
		const hubOnly = parseSourcePolicy(`http://hub.test:${new URL(hub.url).port}, 127.0.0.1`, 'option', { lookup });
		await expect(loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources: hubOnly, hub: { endpoint } })).rejects.toMatchObject({
			kind: 'input',
			message: /The redirect of model-00001-of-00007\.safetensors of Qwen\/Qwen3-30B-A3B-FP8 from .* to http:\/\/cdn-lfs\.hub\.test:\d+\/.* was refused/,
		});
		expect(hub.requests.filter((r) => r.server === 'cdn')).toHaveLength(0);
	});
});

describe('the Hub misbehaving', () => {
	it('a redirect from the Hub to a private address is refused, whatever the Hub says', async () => {
		const { hub, endpoint, sources } = await startHub({ lfsLocation: () => 'http://169.254.169.254/latest/meta-data/' });
		try {
			clearHubModelCache();
			await expect(loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint } })).rejects.toMatchObject({ kind: 'input', message: /to http:\/\/169\.254\.169\.254\/latest\/meta-data\/ was refused/ });
		} finally {
			await hub.close();
		}
	});

	it('a CDN that ignores Range: a clear error, not gigabytes', async () => {
		const { hub, endpoint, sources } = await startHub({ cdnIgnoresRange: true });
		try {
			clearHubModelCache();
			await expect(loadModel('Qwen/Qwen3-30B-A3B-FP8', { sources, hub: { endpoint } })).rejects.toMatchObject({ kind: 'protocol', message: /sent the whole of model-00001-of-00007\.safetensors/, hint: /ignores HTTP Range/ });
		} finally {
			await hub.close();
		}
	});
});
