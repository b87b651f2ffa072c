/**
 * The example workflows (workflows/*.json) end to end: one real n8n server started by the launcher
 * (as `npm start` does), a fake nvidia-smi imitating an RTX PRO 6000 Blackwell, and the fake vLLM and
 * LM Studio servers behind the "vLLM account" / "LM Studio account" credentials. Each test POSTs to
 * a production webhook and reads the JSON answer.
 *
 * OVERLAY_E2E_CAPTURE=<file> writes every request and answer to that file (the samples in
 * workflows/README.md come from it).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLmStudioFake, type LmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake, type VllmFake } from '../fakes/vllmServer';
import { writeGguf } from '../fixtures/gguf/writeGguf';
import { E2E_SETUP_TIMEOUT_MS, startE2eServer, type E2eServer, type JsonAnswer } from './n8nHarness';

const ADAPTER_ROOT = '/srv/adapters';
const SQL_ADAPTER = `${ADAPTER_ROOT}/sql-lora`;
const SERVED_MODEL = 'openai/gpt-oss-20b';
const TEST_TIMEOUT_MS = 60_000;

/** Answers are checked field by field; their shapes belong to the workflows, not to a type here. */
type Json = Record<string, any>;

let server: E2eServer | undefined;
let vllm: VllmFake;
let lmStudio: LmStudioFake;
let scratch: string;
let ggufPath: string;
const captured: Array<{ workflow: string; request: unknown; status: number; answer: unknown }> = [];

/** A tiny gpt-oss GGUF: the experts in MXFP4 (ggml type 39), the rest Q8_0, like the published files. */
function writeTinyGptOssGguf(file: string): void {
	const MXFP4 = 39;
	const Q8_0 = 8;
	writeGguf(
		file,
		{
			'general.architecture': { type: 'string', value: 'gpt-oss' },
			'general.name': { type: 'string', value: 'tiny gpt-oss' },
			'gpt-oss.context_length': { type: 'uint32', value: 131072 },
			'gpt-oss.block_count': { type: 'uint32', value: 1 },
			'gpt-oss.embedding_length': { type: 'uint32', value: 64 },
			'gpt-oss.attention.head_count': { type: 'uint32', value: 4 },
			'gpt-oss.attention.head_count_kv': { type: 'uint32', value: 2 },
			'gpt-oss.expert_count': { type: 'uint32', value: 4 },
			'gpt-oss.expert_used_count': { type: 'uint32', value: 2 },
		},
		[
			{ name: 'token_embd.weight', shape: [64, 100], ggmlType: Q8_0, bytes: (6400 / 32) * 34 },
			{ name: 'blk.0.ffn_gate_exps.weight', shape: [64, 32, 4], ggmlType: MXFP4, bytes: (8192 / 32) * 17 },
			{ name: 'blk.0.ffn_down_exps.weight', shape: [32, 64, 4], ggmlType: MXFP4, bytes: (8192 / 32) * 17 },
		],
	);
}

beforeAll(async () => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-workflows-'));
	ggufPath = path.join(scratch, 'tiny-gpt-oss-mxfp4.gguf');
	writeTinyGptOssGguf(ggufPath);
	vllm = await startVllmFake({
		baseModels: [{ id: SERVED_MODEL, root: '/models/gpt-oss-20b', maxModelLen: 131072 }],
		existingAdapterPaths: [SQL_ADAPTER],
		reasoning: 'The user wants SQL; answer with a query.',
	});
	lmStudio = await startLmStudioFake({ version: '0.4.8' });
	server = await startE2eServer({
		vllmUrl: vllm.url,
		vllmAdapterPaths: ADAPTER_ROOT,
		lmStudioUrl: lmStudio.url,
		nvidiaSmiFixture: 'rtx-pro-6000-blackwell',
		// The scratch folder is where the body's GGUF files may be read from; nothing else on this host.
		env: { OVERLAY_ALLOWED_SOURCES: scratch },
	});
}, E2E_SETUP_TIMEOUT_MS);

afterAll(async () => {
	await server?.close();
	await vllm?.close();
	await lmStudio?.close().catch(() => undefined);
	if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
	const captureFile = process.env.OVERLAY_E2E_CAPTURE;
	if (captureFile) fs.writeFileSync(captureFile, `${JSON.stringify(captured, null, '\t')}\n`);
}, 60_000);

function running(): E2eServer {
	if (!server) throw new Error('the n8n server did not start (see beforeAll)');
	return server;
}

async function call(workflow: string, body: unknown): Promise<JsonAnswer & { json: Json }> {
	const answer = await running().post(`overlay/${workflow}`, body);
	captured.push({ workflow, request: body, status: answer.status, answer: answer.json ?? answer.text });
	expect(answer.contentType).toMatch(/^application\/json/);
	expect(answer.json).toEqual(expect.any(Object));
	return answer as JsonAnswer & { json: Json };
}

async function ok(workflow: string, body: unknown): Promise<Json> {
	const answer = await call(workflow, body);
	if (answer.status !== 200) throw new Error(`${workflow} answered ${answer.status}: ${answer.text}\n${running().n8n.readLog().slice(-3000)}`);
	expect(typeof answer.json.summary).toBe('string');
	return answer.json;
}

const loadRequests = (adapter: string) =>
	vllm.requests.filter((request) => request.path === '/v1/load_lora_adapter' && (request.body as Json)?.lora_name === adapter);

describe('01 hardware formats', () => {
	test('detects the (fake) RTX PRO 6000 Blackwell and says FP4 runs natively', async () => {
		const answer = await ok('01-hardware-formats', {});
		expect(answer.gpus).toHaveLength(1);
		const [gpu] = answer.gpus;
		expect(gpu).toMatchObject({ name: 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition', isa: 'sm_120', architecture: 'Blackwell', source: 'nvidia-smi' });
		expect(gpu.nativeFormats).toEqual(expect.arrayContaining(['FP4', 'MXFP4', 'NVFP4', 'FP6', 'FP8']));
		expect(gpu.formats.FP4).toBe('yes: native on the Blackwell sm_120 tensor cores (block-scaled mma.sync)');
		expect(answer.summary).toMatch(/FP4/);
	}, TEST_TIMEOUT_MS);

	test('plans for catalog GPUs named in the body, and reads nvidia-smi text given in the body', async () => {
		const b200 = await ok('01-hardware-formats', { gpu: 'B200', count: 2 });
		expect(b200.gpus.map((gpu: Json) => gpu.isa)).toEqual(['sm_100', 'sm_100']);
		// The other Blackwell: tcgen05 with Tensor Memory, not sm_120's mma.sync.
		expect(b200.gpus[0].formats.NVFP4).toBe('yes: native on the Blackwell sm_100 tensor cores (block-scaled tcgen05.mma, Tensor Memory)');
		const csv = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'gpu', 'nvidia-smi-h100-8x.csv'), 'utf8');
		const h100 = await ok('01-hardware-formats', { nvidiaSmi: csv });
		expect(h100.gpus).toHaveLength(8);
		expect(h100.gpus[0].isa).toBe('sm_90');
		expect(h100.gpus[0].formats.FP4).toMatch(/^no/);
		expect(h100.gpus[0].formats.FP8).toMatch(/^yes/);
	}, TEST_TIMEOUT_MS);
});

describe('no GPU found', () => {
	const NO_DEVICES = 'No devices were found\n';

	test('workflow 1 says so and gives advice', async () => {
		const answer = await ok('01-hardware-formats', { nvidiaSmi: NO_DEVICES });
		expect(answer.gpus).toEqual([]);
		expect(answer.summary).toMatch(/^No GPU found/);
		expect(answer.advice).toContain('"gpu"');
	}, TEST_TIMEOUT_MS);

	test('workflows 2 and 3 still answer, with no recommendation', async () => {
		for (const workflow of ['02-gpt-oss-fit', '03-original-vs-gguf']) {
			const answer = await ok(workflow, { nvidiaSmi: NO_DEVICES });
			expect(answer).toMatchObject({ gpus: [], recommended: null });
			expect(answer.summary).toMatch(/^No GPU found/);
		}
	}, TEST_TIMEOUT_MS);

	test('the pipeline answers 422 with the same advice', async () => {
		const answer = await call('00-pipeline', { prompt: 'x', nvidiaSmi: NO_DEVICES });
		expect(answer.status).toBe(422);
		expect(answer.json.hint).toContain('"gpu"');
	}, TEST_TIMEOUT_MS);
});

describe('02 gpt-oss fit', () => {
	test('on sm_120 the native MXFP4 path is llama.cpp; vLLM runs it weight-only and still gets its serve line', async () => {
		const answer = await ok('02-gpt-oss-fit', {});
		expect(answer.model.id).toBe('openai/gpt-oss-120b');
		expect(answer.recommended).toMatchObject({ format: 'MXFP4', checkpoint: 'gguf', execution: 'native', fits: true });
		expect(['llama.cpp', 'lmstudio']).toContain(answer.recommended.engine);
		expect(answer.vllm).toMatchObject({ engine: 'vllm', format: 'MXFP4', execution: 'weight-only' });
		expect(answer.vllmServe).toMatch(/^vllm serve openai\/gpt-oss-120b /);
	}, TEST_TIMEOUT_MS);

	test('on a catalog B200 (sm_100) vLLM runs the MXFP4 checkpoint natively', async () => {
		const answer = await ok('02-gpt-oss-fit', { gpu: 'B200', model: 'openai/gpt-oss-20b', engine: 'vllm', contextLength: 8192, concurrency: 4 });
		expect(answer.recommended).toMatchObject({ engine: 'vllm', format: 'MXFP4', checkpoint: 'safetensors', execution: 'native', fits: true });
		expect(answer.vllmServe).toContain('--max-model-len 8192');
	}, TEST_TIMEOUT_MS);

	test('SGLang and Ollama are engines it accepts', async () => {
		const sglang = await ok('02-gpt-oss-fit', { gpu: 'B200', model: 'openai/gpt-oss-20b', engine: 'sglang', contextLength: 8192 });
		expect(sglang.recommended).toMatchObject({ engine: 'sglang', format: 'MXFP4', execution: 'native' });
		expect(sglang.recommended.command).toMatch(/^python -m sglang\.launch_server --model-path openai\/gpt-oss-20b /);
		const ollama = await ok('02-gpt-oss-fit', { gpu: 'B200', model: 'openai/gpt-oss-20b', engine: 'ollama', contextLength: 8192 });
		expect(ollama.recommended).toMatchObject({ engine: 'ollama', format: 'MXFP4', checkpoint: 'gguf' });
	}, TEST_TIMEOUT_MS);
});

describe('03 original vs GGUF', () => {
	test('on sm_120 SGLang runs the original natively and vLLM weight-only; a GGUF file given in the body is read from its header', async () => {
		const answer = await ok('03-original-vs-gguf', { model: 'openai/gpt-oss-20b', gguf: ggufPath });
		// SGLang >= 0.5.17 runs gpt-oss's MXFP4 experts on SM120 FP4 tensor cores; released vLLM still uses Marlin there.
		expect(answer.original).toMatchObject({ engine: 'sglang', checkpoint: 'safetensors', execution: 'native' });
		expect(answer.efficiencyLost.join(' ')).toMatch(/^vLLM \(MXFP4 safetensors\): weight-only/);
		expect(answer.gguf.length).toBeGreaterThan(0);
		expect(answer.gguf[0]).toMatchObject({ format: 'MXFP4', checkpoint: 'gguf', execution: 'native' });
		expect(answer.ggufFile.path).toBe(ggufPath);
		expect(answer.ggufFile.candidates.length).toBeGreaterThan(0);
		expect(answer.ggufFile.candidates[0].reasons.join(' ')).toContain('MXFP4');
		expect(answer.correction).toMatch(/MXFP4/);
		expect(answer.summary).toMatch(/Both run natively/);
	}, TEST_TIMEOUT_MS);

	test('a GGUF path or URL outside OVERLAY_ALLOWED_SOURCES is refused with a 400 naming the setting', async () => {
		for (const gguf of ['/etc/hostname', `${scratch}/../../etc/hostname`, 'http://127.0.0.1:9/model.gguf', 'http://169.254.169.254/latest/meta-data']) {
			const answer = await call('03-original-vs-gguf', { model: 'openai/gpt-oss-20b', gguf });
			expect([gguf, answer.status]).toEqual([gguf, 400]);
			expect(answer.json.error).toMatch(/refused/);
			expect(answer.json.hint).toContain('OVERLAY_ALLOWED_SOURCES');
		}
	}, TEST_TIMEOUT_MS);

	test('on B200 the GGUF kernel (int8 dot products) is where efficiency is lost', async () => {
		const answer = await ok('03-original-vs-gguf', { gpu: 'B200' });
		expect(answer.original.execution).toBe('native');
		expect(answer.gguf[0].execution).toBe('int8-dot');
		expect(answer.efficiencyLost.length).toBeGreaterThan(0);
	}, TEST_TIMEOUT_MS);
});

describe('04 LM Studio limits', () => {
	test('a plain prompt goes to LM Studio', async () => {
		const answer = await ok('04-lmstudio-limits', { prompt: 'Say hello.' });
		expect(answer.route).toBe('lmstudio');
		expect(answer.reason).toMatch(/plain prompt/);
		expect(answer.text).toEqual(expect.any(String));
		expect(answer.stats).toMatchObject({ tokensPerSecond: expect.any(Number) });
	}, TEST_TIMEOUT_MS);

	test('a request with retrieved context goes to vLLM, and the context reaches the model', async () => {
		const before = vllm.requests.length;
		const answer = await ok('04-lmstudio-limits', { prompt: 'What is the capital?', context: ['The capital of Atlantis is Poseidonia.'] });
		expect(answer.route).toBe('vllm');
		expect(answer.reason).toMatch(/context document/);
		const chat = vllm.requests.slice(before).find((request) => request.path === '/v1/chat/completions');
		expect(JSON.stringify(chat?.body)).toContain('Poseidonia');
		expect((chat?.body as Json).model).toBe(SERVED_MODEL);
	}, TEST_TIMEOUT_MS);
});

describe('05 vLLM with LoRA', () => {
	test('loads the adapter at runtime once, then reuses it', async () => {
		const body = { prompt: 'List the users table.', adapter: 'sql-lora', adapterPath: SQL_ADAPTER, context: ['users(id, name)'] };
		const first = await ok('05-vllm-lora', body);
		expect(first).toMatchObject({ adapter: 'sql-lora', adapterLoad: 'loaded', contextDocuments: 1 });
		expect(first.usage.completionTokens).toBeGreaterThan(0);
		const second = await ok('05-vllm-lora', body);
		expect(second.adapter).toBe('sql-lora');
		expect(second.adapterLoad).not.toBe('loaded');
		expect(loadRequests('sql-lora')).toHaveLength(1);
		expect(loadRequests('sql-lora')[0].body).toMatchObject({ lora_path: SQL_ADAPTER });
	}, TEST_TIMEOUT_MS);

	test('an adapter path outside the allowed prefixes is refused before vLLM is asked', async () => {
		const answer = await call('05-vllm-lora', { prompt: 'x', adapter: 'evil', adapterPath: '/etc/evil' });
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ step: 'vLLM Generate with LoRA', error: expect.stringContaining('/etc/evil') });
		expect(loadRequests('evil')).toHaveLength(0);
	}, TEST_TIMEOUT_MS);
});

describe('06 LM Studio with gpt-oss', () => {
	test('finds the gpt-oss model, generates with reasoning and passes LM Studio stats through', async () => {
		const answer = await ok('06-lmstudio-gpt-oss', { prompt: 'Why is the sky blue?', reasoningEffort: 'low' });
		expect(answer.listed).toMatchObject({ model: 'openai/gpt-oss-20b', quantization: 'MXFP4', format: 'gguf' });
		expect(answer.reasoning).toEqual(expect.any(String));
		expect(answer.stats).toMatchObject({ tokensPerSecond: expect.any(Number), timeToFirstTokenSec: expect.any(Number) });
	}, TEST_TIMEOUT_MS);
});

describe('00 pipeline', () => {
	test('detect -> decide (llama.cpp GGUF on sm_120) -> LM Studio generates', async () => {
		const answer = await ok('00-pipeline', { prompt: 'Hello from the pipeline.', model: 'openai/gpt-oss-20b' });
		expect(answer.hardware.gpus[0].isa).toBe('sm_120');
		expect(answer.decision.recommended).toMatchObject({ format: 'MXFP4', execution: 'native' });
		expect(answer.generation).toMatchObject({ engine: 'lmstudio', model: 'openai/gpt-oss-20b', stats: expect.any(Object) });
		expect(answer.generation.text).toEqual(expect.any(String));
	}, TEST_TIMEOUT_MS);

	test('an adapter turns the decision to vLLM, which loads it and generates', async () => {
		const body = { prompt: 'Write SQL.', model: 'openai/gpt-oss-20b', adapter: 'sql-lora-pipeline', adapterPath: SQL_ADAPTER };
		const answer = await ok('00-pipeline', body);
		expect(answer.decision.recommended).toMatchObject({ engine: 'vllm', execution: 'weight-only' });
		expect(answer.generation).toMatchObject({ engine: 'vllm', adapter: 'sql-lora-pipeline', adapterLoad: 'loaded' });
		expect(loadRequests('sql-lora-pipeline')).toHaveLength(1);
	}, TEST_TIMEOUT_MS);
});

describe('bad requests get a JSON 4xx', () => {
	test.each([
		['01-hardware-formats', { count: 'x' }, /count/],
		['02-gpt-oss-fit', { engine: 'tensorrt' }, /engine/],
		['04-lmstudio-limits', { prompt: 123 }, /prompt/],
		['05-vllm-lora', { prompt: 'x', context: [1, 2] }, /context/],
		['06-lmstudio-gpt-oss', {}, /prompt/],
		['00-pipeline', { prompt: 'x', contextLength: -1 }, /contextLength/],
	])('%s %j', async (workflow, body, field) => {
		const answer = await call(workflow, body);
		expect(answer.status).toBe(400);
		expect(answer.json.error).toMatch(field);
		expect(answer.ms).toBeLessThan(15_000);
	}, TEST_TIMEOUT_MS);

	test('a GPU the catalog does not know is a 400 naming it', async () => {
		const answer = await call('01-hardware-formats', { gpu: 'Voodoo 5' });
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ step: 'Detect GPU', error: expect.stringContaining('Voodoo 5'), hint: expect.stringContaining('catalog') });
	}, TEST_TIMEOUT_MS);
});

describe('bodies that must not reach a Code node (too deep, too large)', () => {
	const DEPTH = 100_000;
	const deepBody = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
	// Over the Read request node's 1 MiB, under n8n's own N8N_PAYLOAD_SIZE_MAX (16 MiB; n8n answers 500 above it).
	const largeBody = JSON.stringify({ prompt: 'x'.repeat(2 * 1024 * 1024) });
	/** A good request per workflow, answered without a GPU tool or a slow step. */
	const GOOD: Array<[string, Record<string, unknown>]> = [
		['00-pipeline', { prompt: 'After a deep body.', model: 'openai/gpt-oss-20b' }],
		['01-hardware-formats', { gpu: 'B200' }],
		['02-gpt-oss-fit', { gpu: 'B200' }],
		['03-original-vs-gguf', { gpu: 'B200' }],
		['04-lmstudio-limits', { prompt: 'After a deep body.' }],
		['05-vllm-lora', { prompt: 'After a deep body.' }],
		['06-lmstudio-gpt-oss', { prompt: 'After a deep body.' }],
	];
	const timings: string[] = [];
	afterAll(() => {
		// The measured times go into the test log (workflows/README.md quotes them).
		console.log(`Deep and large bodies, ms per answer:\n${timings.join('\n')}`);
	});

	test.each(GOOD)('%s: a body nested 100,000 deep is a 400 at once, and the next good request answers normally', async (workflow, good) => {
		const deep = await call(workflow, deepBody);
		expect(deep.status).toBe(400);
		expect(deep.json).toMatchObject({ status: 400, error: 'Bad request: the body is nested deeper than 32 levels of objects and arrays.', hint: expect.stringMatching(/^Send a flatter body/) });
		// Robust on a loaded 2-core machine; the measured times are in the test log.
		expect(deep.ms).toBeLessThan(10_000);
		const next = await ok(workflow, good);
		timings.push(`${workflow}: deep ${deep.ms}`);
		expect(next.summary).toEqual(expect.any(String));
	}, TEST_TIMEOUT_MS);

	test.each(GOOD)('%s: a 2 MiB body is a 413 naming the limit', async (workflow) => {
		const large = await call(workflow, largeBody);
		expect(large.status).toBe(413);
		expect(large.json).toMatchObject({ status: 413, error: 'Request too large: the body is larger than 1 MiB.' });
		timings.push(`${workflow}: 2 MiB ${large.ms}`);
	}, TEST_TIMEOUT_MS);

	test('a burst of deep bodies does not stall the server: every one is answered, then good requests are', async () => {
		const started = Date.now();
		const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => running().post(`overlay/${GOOD[i % GOOD.length][0]}`, deepBody)));
		expect(burst.map((answer) => answer.status)).toEqual(Array(12).fill(400));
		timings.push(`12 deep bodies at once: all answered after ${Date.now() - started}`);
		for (const [workflow, good] of GOOD.slice(0, 3)) await ok(workflow, good);
		// The task runner never saw them: no stack overflow in n8n's log.
		expect(running().n8n.readLog()).not.toMatch(/Maximum call stack size exceeded|RangeError/);
	}, 2 * TEST_TIMEOUT_MS);
});

describe('a server that is away', () => {
	// Last: it stops the LM Studio fake.
	test('workflows 6 and 4 answer a JSON 502 naming LM Studio', async () => {
		await lmStudio.close();
		const answer = await call('06-lmstudio-gpt-oss', { prompt: 'Anyone there?' });
		expect(answer.status).toBe(502);
		expect(answer.json).toMatchObject({ server: 'LM Studio', error: expect.stringContaining('LM Studio'), hint: expect.stringContaining('LM Studio') });
		expect(answer.json.error).toContain(lmStudio.url);
		const routed = await call('04-lmstudio-limits', { prompt: 'Anyone there?' });
		expect(routed.status).toBe(502);
		expect(routed.json).toMatchObject({ server: 'LM Studio', step: 'LM Studio: models' });
	}, TEST_TIMEOUT_MS);
});
