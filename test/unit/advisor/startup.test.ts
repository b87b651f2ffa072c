/**
 * The engines' own start-up checks, reproduced, and the smallest changes that make a refused start succeed.
 * Expectations come from public logs (test/fixtures/engine-logs, named per test) and the engines' sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickQuantFormat } from '../../../lib/advisor';
import { parseNvidiaSmi } from '../../../lib/gpu';
import type { EngineLogCase } from '../../fixtures/engine-logs/schema';
import { replay } from './corpus/replay';
import { SETUPS } from './corpus/setups';
import { vllmKvCapacity } from '../../../lib/engines/vllm/memory';
import { findModel } from '../../../lib/knowledge/models';
import type { Candidate } from '../../../lib/types';

const GIB = 1024 ** 3;
const find = (candidates: Candidate[], engine: string, format?: string) => candidates.find((c) => c.engine === engine && (!format || c.format === format))!;

describe('vLLM: gpt-oss-120b on one 80 GB H100 at 131072 tokens', () => {
	it('does not start with the defaults (vllm-h100-pcie-gpt-oss-120b-1, vLLM 0.10.1: "Available KV cache memory: -2.14 GiB"), and says why in vLLM\'s words', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-pcie'], model: 'gpt-oss-120b', engine: 'vllm', contextLength: 131072, engineVersions: { vllm: '0.10.1' } });
		const vllm = result.candidates[0];
		expect(vllm.startup.verdict).toBe('fails');
		expect(vllm.startup.check).toBe('vllm:no-kv-memory');
		expect(vllm.startup.message).toContain('No available memory for the cache blocks. Try increasing gpu_memory_utilization');
		expect(vllm.memory.gpu.kvAvailableBytes / GIB).toBeCloseTo(-2.14, 0);
		expect(vllm.memory.gpu.weightsBytes / GIB).toBeCloseTo(65.97, 0);
		expect(vllm.fits).toBe(false);
	});

	it('gives the fix: vLLM\'s own advice at the highest utilization proposed (0.95) and the largest context that fits there; the next 16 tokens do not', async () => {
		const base = { gpus: ['h100-pcie'], model: 'gpt-oss-120b', engine: 'vllm' as const, contextLength: 131072, engineVersions: { vllm: '0.10.1' } };
		const vllm = (await pickQuantFormat(base)).candidates[0];
		const combined = vllm.startup.fixes.find((fix) => fix.settings.gpuMemoryUtilization === 0.95 && fix.settings.maxModelLen !== undefined)!;
		expect(combined.change).toMatch(/^--gpu-memory-utilization 0\.95 --max-model-len \d+$/);
		const length = combined.settings.maxModelLen as number;
		const at = async (contextLength: number) => (await pickQuantFormat({ ...base, contextLength, gpuMemoryUtilization: 0.95 })).candidates[0].startup.verdict;
		expect(await at(length)).toBe('starts');
		expect(await at(length + 16)).toBe('fails');
		// The issue's "--max-model-len 100000 works" needed more than this; vLLM 0.11.2 at 0.97 with 100 sequences started at 87040 (vllm-h100-gpt-oss-120b-3).
		expect(vllm.startup.fixes.map((fix) => fix.change)).toContain('--tensor-parallel-size 2');
		expect(vllm.startup.fix).toEqual(vllm.startup.fixes[0]);
	});

	it('with the vLLM recipe flags for H100 TP 1 (--gpu-memory-utilization 0.95 --max-num-batched-tokens 1024) it still refuses 131072 (vllm-h100-gpt-oss-120b-1)', async () => {
		const result = await pickQuantFormat({
			gpus: ['h100-sxm'],
			model: 'gpt-oss-120b',
			engine: 'vllm',
			contextLength: 131072,
			gpuMemoryUtilization: 0.95,
			maxNumBatchedTokens: 1024,
			engineVersions: { vllm: '0.11.0' },
		});
		const vllm = result.candidates[0];
		expect(vllm.startup.verdict).toBe('fails');
		expect(vllm.startup.check).toBe('vllm:kv-for-max-model-len');
		expect(vllm.startup.message).toMatch(/^ValueError: To serve at least one request with the models's max seq len \(131072\), \(\d+\.\d\d GiB KV cache is needed, which is larger than the available KV cache memory \(\d+\.\d\d GiB\)\. Based on the available memory, the estimated maximum model length is \d+\./);
		expect(vllm.engineArgs.args).toEqual(expect.arrayContaining(['--max-num-batched-tokens', '1024', '--gpu-memory-utilization', '0.95']));
	});

	it('on two H100s it starts with tensor parallelism 2', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-sxm', 'h100-sxm'], model: 'gpt-oss-120b', engine: 'vllm', contextLength: 131072 });
		expect(result.recommended).toMatchObject({ tensorParallelSize: 2, fits: true, startup: { verdict: 'starts', fix: null, fixes: [] } });
	});
});

describe("vLLM's other checks", () => {
	it('V1: Qwen3-32B at 32000 on one H100 refuses (vllm-h100-qwen3-32b-2) with the estimated maximum model length, which fits while one block more does not', async () => {
		const base = { gpus: ['h100-sxm'], model: 'qwen3-32b', engine: 'vllm' as const, engineVersions: { vllm: '0.11.0' } };
		const vllm = find((await pickQuantFormat({ ...base, contextLength: 32000 })).candidates, 'vllm', 'BF16');
		expect(vllm.startup.verdict).toBe('fails');
		const estimated = Number(/estimated maximum model length is (\d+)/.exec(vllm.startup.message)![1]);
		const fix = vllm.startup.fixes.find((f) => f.settings.maxModelLen !== undefined && f.settings.gpuMemoryUtilization === undefined)!;
		expect(fix.settings.maxModelLen).toBe(estimated);
		const at = async (contextLength: number) => find((await pickQuantFormat({ ...base, contextLength })).candidates, 'vllm', 'BF16').startup.verdict;
		expect(await at(estimated)).toBe('starts');
		expect(await at(estimated + 16)).toBe('fails');
		// llm-d's own note on the failure: "use TP=2 or reduce context".
		expect(vllm.startup.fixes.map((f) => f.change)).toContain('--tensor-parallel-size 2');
	});

	it("V0: Llama 3.1 8B at 29000 on an RTX 3090 refuses with V0's wording and its token count (vllm-rtx-3090-llama-3.1-8b-2: 23648)", async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-3090'], model: 'llama-3.1-8b', engine: 'vllm', contextLength: 29000, engineVersions: { vllm: '0.6.4' } });
		const vllm = find(result.candidates, 'vllm', 'BF16');
		expect(vllm.startup.verdict).toBe('fails');
		const match = /^ValueError: The model's max seq len \(29000\) is larger than the maximum number of tokens that can be stored in KV cache \((\d+)\)/.exec(vllm.startup.message);
		expect(match).not.toBeNull();
		expect(Math.abs(Number(match![1]) / 23648 - 1)).toBeLessThan(0.05);
		// 20000 starts on the same GPU (vllm-rtx-3090-llama-3.1-8b-1).
		const shorter = await pickQuantFormat({ gpus: ['rtx-3090'], model: 'llama-3.1-8b', engine: 'vllm', contextLength: 20000, engineVersions: { vllm: '0.6.4' } });
		expect(find(shorter.candidates, 'vllm', 'BF16').startup.verdict).toBe('starts');
	});

	it('free memory below gpu_memory_utilization x total refuses with vLLM\'s message; the fix is the share that is free', async () => {
		const result = await pickQuantFormat({
			gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryFreeMiB: 40000, computeCapability: '9.0' }],
			model: 'gpt-oss-20b',
			engine: 'vllm',
			contextLength: 8192,
		});
		const vllm = result.candidates[0];
		expect(vllm.startup).toMatchObject({ verdict: 'fails', check: 'vllm:free-memory' });
		expect(vllm.startup.message).toMatch(/^ValueError: Free memory on device \(38\.59\/79\.18 GiB\) on startup is less than desired GPU memory utilization \(0\.9, 71\.26 GiB\)\./);
		expect(vllm.startup.fix).toMatchObject({ change: '--gpu-memory-utilization 0.48', settings: { gpuMemoryUtilization: 0.48 } });
	});

	it('with GPUs 0-3 busy (8593 MiB free each, the 8x H100 fixture), the plan takes the free GPUs 4 and 5 and pins them', async () => {
		const gpus = parseNvidiaSmi(readFileSync(join(__dirname, '../../fixtures/gpu/nvidia-smi-h100-8x.csv'), 'utf8'));
		expect(gpus.slice(0, 4).every((g) => g.memoryFreeMiB === 8593)).toBe(true);
		const result = await pickQuantFormat({ gpus, model: 'gpt-oss-120b', engine: 'vllm', contextLength: 131072 });
		const vllm = result.candidates[0];
		expect(vllm).toMatchObject({ fits: true, tensorParallelSize: 2, startup: { verdict: 'starts' } });
		expect(vllm.engineArgs.command).toMatch(/^CUDA_VISIBLE_DEVICES=4,5 vllm serve openai\/gpt-oss-120b /);
		// On a busy GPU alone vLLM refuses: its free memory is below the request.
		const busy = await pickQuantFormat({ gpus: [gpus[0]], model: 'gpt-oss-20b', engine: 'vllm', contextLength: 8192 });
		expect(busy.candidates[0]).toMatchObject({ fits: false, startup: { verdict: 'fails', check: 'vllm:free-memory' } });
	});

	it('--enforce-eager drops the CUDA graph estimate vLLM subtracts since 0.21, and goes into the command', async () => {
		const input = { gpus: ['h100-sxm'], model: 'gpt-oss-20b', engine: 'vllm' as const, contextLength: 32768 };
		const graphs = (await pickQuantFormat(input)).candidates[0];
		const eager = (await pickQuantFormat({ ...input, enforceEager: true })).candidates[0];
		expect(graphs.memory.gpu.overhead.map((part) => part.name)).toContain('CUDA graphs');
		expect(eager.memory.gpu.overhead.map((part) => part.name)).not.toContain('CUDA graphs');
		expect(eager.memory.gpu.kvAvailableBytes - graphs.memory.gpu.kvAvailableBytes).toBe(GIB);
		expect(eager.engineArgs.args).toContain('--enforce-eager');
		// Before 0.21 the graphs are captured after the KV cache: nothing is subtracted.
		const old = (await pickQuantFormat({ ...input, engineVersions: { vllm: '0.11.0' } })).candidates[0];
		expect(old.memory.gpu.overhead.map((part) => part.name)).not.toContain('CUDA graphs');
	});

	it('fp8 KV halves the KV cache and lowers max concurrency by half', async () => {
		const input = { gpus: ['h100-sxm'], model: 'llama-3.1-8b', engine: 'vllm' as const, contextLength: 32768 };
		const bf16 = find((await pickQuantFormat(input)).candidates, 'vllm', 'BF16');
		const fp8 = find((await pickQuantFormat({ ...input, kvCacheDtype: 'fp8' })).candidates, 'vllm', 'BF16');
		expect(fp8.concurrency.maxConcurrency / bf16.concurrency.maxConcurrency).toBeCloseTo(2, 1);
		expect(fp8.engineArgs.args).toEqual(expect.arrayContaining(['--kv-cache-dtype', 'fp8']));
	});
});

describe('Maximum concurrency as vLLM computes it', () => {
	it('from the 1,444 blocks of 128 vLLM printed for Mistral-Small-3.2-24B: 184,832 tokens and 11.55x for 16,000 tokens (vllm-h100-mistral-small-3.2-24b-1)', () => {
		const model = { ...findModel('mistral-small-24b')!, maxContextLength: 131072 };
		// One block: 128 tokens x 40 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes.
		const available = 1444 * 128 * 40 * 8 * 128 * 2 * 2;
		expect(available / GIB).toBeCloseTo(28.2, 1);
		const capacity = vllmKvCapacity({ model, contextLength: 16000, dtype: undefined, knobs: { blockSize: 128 }, gpu: null, version: '0.11.0', availableBytes: available, concurrency: 1 });
		expect(capacity.tokens).toBe(184832);
		expect(Math.floor(capacity.maxConcurrency * 100) / 100).toBe(11.55);
	});

	it('V0 from 1952 blocks of 16 (vllm-rtx-3090-llama-3.1-8b-1): 1.56x for 20000 tokens', () => {
		const capacity = vllmKvCapacity({
			model: findModel('llama-3.1-8b')!,
			contextLength: 20000,
			dtype: undefined,
			knobs: {},
			gpu: null,
			version: '0.6.4',
			availableBytes: 1952 * 16 * 128 * 1024,
			concurrency: 1,
		});
		expect(capacity.tokens).toBe(1952 * 16);
		expect(Math.floor(capacity.maxConcurrency * 100) / 100).toBe(1.56);
	});

	it('gpt-oss counts sliding-window pages as vLLM does: a 131072-token request needs 8192 full + 521 sliding blocks of 18 x 32 KiB (mnbt 8192)', () => {
		const model = findModel('gpt-oss-120b')!;
		const perRequest = (8192 + 521) * 18 * 32 * 1024;
		const capacity = vllmKvCapacity({ model, contextLength: 131072, dtype: undefined, knobs: { maxNumBatchedTokens: 8192 }, gpu: null, version: '0.24.0', availableBytes: 10 * perRequest, concurrency: 1 });
		expect(capacity.maxConcurrency).toBeCloseTo(10, 6);
		// Newer vLLM prints "GPU KV cache size" as max concurrency x max_model_len (vllm-rtx-5090-qwen3.6-35b-a3b-1: 4.33 x 131072).
		expect(capacity.tokens).toBe(10 * 131072);
		// Up to 0.20 it printed blocks / groups x block size, which under-states hybrid models.
		const old = vllmKvCapacity({ model, contextLength: 131072, dtype: undefined, knobs: { maxNumBatchedTokens: 8192 }, gpu: null, version: '0.11.0', availableBytes: 10 * perRequest, concurrency: 1 });
		expect(old.tokens).toBe(Math.floor((10 * (8192 + 521)) / 2) * 16);
	});

	it('every candidate reports max concurrency at the requested context and the largest context for the requested concurrency', async () => {
		const base = { gpus: ['h100-sxm'], model: 'llama-3.1-8b', engine: 'vllm' as const, concurrency: 16 };
		const vllm = find((await pickQuantFormat({ ...base, contextLength: 32768 })).candidates, 'vllm', 'BF16');
		expect(vllm.concurrency).toMatchObject({ tokensPerRequest: 32768, requested: 16 });
		expect(vllm.concurrency.maxConcurrency).toBeGreaterThan(1);
		const largest = vllm.concurrency.maxContextLength;
		const at = async (contextLength: number) => find((await pickQuantFormat({ ...base, contextLength })).candidates, 'vllm', 'BF16');
		expect((await at(largest)).fits).toBe(true);
		expect((await at(largest + 256)).fits).toBe(false);
		expect((await at(largest)).concurrency.maxConcurrency).toBeGreaterThanOrEqual(16);
	});
});

describe("llama.cpp's allocations", () => {
	it('gpt-oss-120b on one RTX 4090: the model buffer does not fit; the fix is the smallest --n-cpu-moe, the one the command uses', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'gpt-oss-120b', engine: 'llama.cpp', contextLength: 32768 });
		const llama = result.candidates[0];
		expect(llama.startup).toMatchObject({ verdict: 'fails', check: 'llama.cpp:model-buffer' });
		const layers = llama.startup.fix!.settings.cpuMoeLayers as number;
		expect(llama.startup.fix!.change).toBe(`--n-cpu-moe ${layers}`);
		expect(llama.engineArgs.args.join(' ')).toContain(`--n-cpu-moe ${layers}`);
		expect(llama.memory.hostBytes).toBeGreaterThan(0);
		// Part of the model decodes from system RAM: no roofline estimate.
		expect(llama.speed).toBeNull();
	});

	it('Vulkan caps one allocation at 4 GiB: Qwen3-30B-A3B at 70000 tokens without flash attention fails on its compute buffer (llama.cpp#15009); flash attention is the fix', () => {
		const c = JSON.parse(readFileSync(join(__dirname, '../../fixtures/engine-logs/llama.cpp-radeon-8060s-qwen3-30b-a3b-1.json'), 'utf8')) as EngineLogCase;
		const startup = replay(c, SETUPS[c.id]).startup;
		expect(startup.verdict).toBe('fails');
		expect(startup.check).toBe('llama.cpp:buffer-allocation');
		expect(startup.message).toContain('failed to allocate compute pp buffers');
		expect(startup.fixes()[0]).toMatchObject({ change: '-fa on', settings: { flashAttention: true } });
	});
});

describe("SGLang's pool", () => {
	it('no room for the KV pool refuses with SGLang\'s message; the fix is a larger --mem-fraction-static', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'qwen3-32b', engine: 'sglang', contextLength: 8192, memFractionStatic: 0.7 });
		const bf16 = find(result.candidates, 'sglang', 'BF16');
		expect(bf16.startup).toMatchObject({ verdict: 'fails', check: 'sglang:kv-pool', message: 'RuntimeError: Not enough memory. Please try to increase --mem-fraction-static.' });
		expect(bf16.startup.fix?.change).toMatch(/^--mem-fraction-static 0\.\d+$/);
	});
});

describe('decode speed', () => {
	it('says it is an estimate and of what, for one sequence and for the requested concurrency', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-pro-6000-blackwell'], model: 'gpt-oss-20b', engine: 'llama.cpp', contextLength: 8192, concurrency: 4 });
		const speed = result.recommended!.speed!;
		expect(speed.estimate).toBe(true);
		expect(speed.basis).toMatch(/^Estimated decode speed, not a measurement/);
		expect(speed.concurrency).toBe(4);
		expect(speed.contextDepth).toBe(4096);
		expect(speed.totalTokensPerSecond).toBeGreaterThan(speed.singleStreamTokensPerSecond);
		expect(speed.perStreamTokensPerSecond).toBeLessThanOrEqual(speed.singleStreamTokensPerSecond);
	});
});
