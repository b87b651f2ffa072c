import { pickQuantFormat } from '../../../lib/advisor';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';
import { isOverlayError } from '../../../lib/errors';
import type { Candidate } from '../../../lib/types';

function find(candidates: Candidate[], engine: string, format: string, checkpoint?: string): Candidate | undefined {
	return candidates.find((c) => c.engine === engine && c.format === format && (!checkpoint || c.checkpoint === checkpoint));
}

async function expectInputError(promise: Promise<unknown>): Promise<void> {
	try {
		await promise;
	} catch (error) {
		expect(isOverlayError(error)).toBe(true);
		expect((error as { kind: string }).kind).toBe('input');
		expect((error as { hint?: string }).hint).toBeTruthy();
		return;
	}
	throw new Error('expected an input error');
}

describe('seed case: gpt-oss on RTX PRO 6000 Blackwell (sm_120)', () => {
	it('native FP4 tensor cores: llama.cpp MXFP4 GGUF is native; vLLM MXFP4 is weight-only (Marlin) with the open PR noted', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-pro-6000-blackwell'], model: 'gpt-oss-120b', engine: 'any', contextLength: 32768 });
		expect(result.recommended?.execution).toBe('native');
		expect(result.recommended?.engine).toBe('llama.cpp');
		expect(result.recommended?.format).toBe('MXFP4');
		expect(result.recommended?.fits).toBe(true);
		expect(result.recommended?.engineArgs.command).toContain('llama-server -hf ggml-org/gpt-oss-120b-GGUF');
		const vllm = find(result.candidates, 'vllm', 'MXFP4')!;
		expect(vllm.execution).toBe('weight-only');
		expect(vllm.fits).toBe(true);
		expect(vllm.warnings.join(' ')).toContain('#51158');
		expect(vllm.engineArgs.args).toEqual(['serve', 'openai/gpt-oss-120b', '--max-model-len', '32768', '--gpu-memory-utilization', '0.9']);
		expect(result.summary).toMatch(/natively/);
	});

	it('an old llama.cpp build (before b7536) falls back to int8 dot products on sm_120', async () => {
		const result = await pickQuantFormat({
			gpus: ['rtx-pro-6000-blackwell'],
			model: 'gpt-oss-20b',
			engine: 'llama.cpp',
			contextLength: 8192,
			engineVersions: { llamaCpp: 'b6100' },
		});
		expect(result.recommended?.execution).toBe('int8-dot');
	});

	it('on sm_100 (B200) vLLM is the native path, with the recipe environment variable', async () => {
		const result = await pickQuantFormat({ gpus: ['b200'], model: 'gpt-oss-120b', engine: 'any', contextLength: 65536 });
		expect(result.recommended?.engine).toBe('vllm');
		expect(result.recommended?.execution).toBe('native');
		expect(result.recommended?.engineArgs.env).toEqual({ VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8: '1' });
		expect(result.recommended?.engineArgs.command).toMatch(/^VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8=1 vllm serve openai\/gpt-oss-120b/);
		// llama.cpp's native FP4 covers only 12.x: sm_100 gets int8 dot products.
		expect(find(result.candidates, 'llama.cpp', 'MXFP4')?.execution).toBe('int8-dot');
	});
});

describe('seed case: gpt-oss on Hopper (H100)', () => {
	it('vLLM runs the MXFP4 experts weight-only; gpt-oss-20b fits and is recommended with vLLM', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'openai/gpt-oss-20b', engine: 'any', contextLength: 32768 });
		expect(result.recommended?.engine).toBe('vllm');
		expect(result.recommended?.execution).toBe('weight-only');
		expect(result.recommended?.fits).toBe(true);
		expect(result.recommended?.startup.verdict).toBe('starts');
		expect(find(result.candidates, 'llama.cpp', 'MXFP4')?.execution).toBe('int8-dot');
	});

	it('a dense 70B model: on one H100 FP8 (~68 GiB) does not fit with overhead, AWQ does; on two H100s at 32k FP8 W8A8 native wins', async () => {
		const one = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'llama-3.1-70b', engine: 'vllm', contextLength: 8192 });
		expect(find(one.candidates, 'vllm', 'FP8')?.fits).toBe(false);
		expect(one.recommended?.format).toBe('AWQ');
		// At 32768 tokens BF16 (131 GiB of weights) no longer fits in 2 x 0.9 x 80 GB.
		const result = await pickQuantFormat({ gpus: ['h100-sxm', 'h100-sxm'], model: 'llama-3.1-70b', engine: 'vllm', contextLength: 32768 });
		expect(result.recommended?.format).toBe('FP8');
		expect(result.recommended?.execution).toBe('native');
		expect(result.recommended?.tensorParallelSize).toBe(2);
		expect(find(result.candidates, 'vllm', 'AWQ')?.execution).toBe('weight-only');
		expect(find(result.candidates, 'vllm', 'BF16')?.fits).toBe(false);
	});

	it('FP8 on Ampere is weight-only (FP8 Marlin)', async () => {
		const result = await pickQuantFormat({ gpus: ['a100-80gb-sxm4'], model: 'qwen3-8b', engine: 'vllm', contextLength: 8192 });
		expect(find(result.candidates, 'vllm', 'FP8')?.execution).toBe('weight-only');
		expect(result.recommended?.format).toBe('BF16');
	});
});

describe('seed case: gpt-oss on Turing (T4)', () => {
	it('no vLLM MXFP4 path; the MXFP4 GGUF through llama.cpp fits', async () => {
		const result = await pickQuantFormat({ gpus: ['t4'], model: 'gpt-oss-20b', engine: 'any', contextLength: 8192 });
		expect(result.candidates.some((c) => c.engine === 'vllm')).toBe(false);
		// Neither safetensors engine has an MXFP4 path below compute capability 8.0.
		expect(result.rejected).toEqual([
			expect.objectContaining({ engine: 'vllm', format: 'MXFP4' }),
			expect.objectContaining({ engine: 'sglang', format: 'MXFP4' }),
		]);
		expect(result.rejected[0].reason).toMatch(/Turing/);
		expect(result.recommended?.checkpoint).toBe('gguf');
		expect(result.recommended?.execution).toBe('int8-dot');
		expect(result.recommended?.fits).toBe(true);
	});

	it('asking for vLLM only gives no recommendation and says why', async () => {
		const result = await pickQuantFormat({ gpus: ['t4'], model: 'gpt-oss-20b', engine: 'vllm', contextLength: 8192 });
		expect(result.recommended).toBeNull();
		expect(result.summary).toMatch(/No option/);
	});

	it('a BF16 model on Turing is served as FP16 with --dtype half', async () => {
		const result = await pickQuantFormat({ gpus: ['t4'], model: 'qwen3-8b', engine: 'vllm', contextLength: 4096 });
		const fp16 = find(result.candidates, 'vllm', 'FP16')!;
		expect(fp16.engineArgs.args).toContain('--dtype');
		expect(find(result.candidates, 'vllm', 'BF16')).toBeUndefined();
	});
});

describe('several GPUs', () => {
	it('vLLM uses tensor parallelism 2 when one GPU is too small, with memory per GPU', async () => {
		const result = await pickQuantFormat({ gpus: ['l40s', 'l40s'], model: 'llama-3.1-70b', engine: 'vllm', contextLength: 8192 });
		const fp8 = find(result.candidates, 'vllm', 'FP8')!;
		expect(fp8.fits).toBe(true);
		expect(fp8.tensorParallelSize).toBe(2);
		expect(fp8.gpuCount).toBe(2);
		expect(fp8.memory.perGpu).toHaveLength(2);
		expect(fp8.memory.perGpu![0].totalBytes).toBeLessThanOrEqual(fp8.memory.perGpu![0].availableBytes);
		expect(fp8.engineArgs.args).toEqual(expect.arrayContaining(['--tensor-parallel-size', '2']));
	});

	it('tensor parallelism must divide the heads: 3 GPUs give TP 2 at most', async () => {
		const result = await pickQuantFormat({ gpus: ['l4', 'l4', 'l4'], model: 'llama-3.1-70b', engine: 'vllm', contextLength: 4096 });
		for (const c of result.candidates) expect([1, 2]).toContain(c.tensorParallelSize);
	});

	it('llama.cpp splits layers across GPUs', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090', 'rtx-4090', 'rtx-4090'], model: 'gpt-oss-120b', engine: 'llama.cpp', contextLength: 16384 });
		expect(result.recommended?.fits).toBe(true);
		expect(result.recommended?.gpuCount).toBe(3);
		expect(result.recommended?.engineArgs.args).toEqual(expect.arrayContaining(['--tensor-split']));
	});
});

describe('nothing fits', () => {
	it('recommends the best partial option (MoE experts on the CPU) with fits:false and a warning', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'gpt-oss-120b', engine: 'any', contextLength: 32768 });
		const best = result.recommended!;
		expect(best.fits).toBe(false);
		expect(best.engine).toBe('llama.cpp');
		expect(best.warnings[0]).toMatch(/Nothing fits/);
		expect(best.memory.hostBytes).toBeGreaterThan(0);
		const nCpuMoe = best.engineArgs.args[best.engineArgs.args.indexOf('--n-cpu-moe') + 1];
		expect(Number(nCpuMoe)).toBeGreaterThan(0);
		expect(Number(nCpuMoe)).toBeLessThanOrEqual(36);
	});
});

describe('defaults and options', () => {
	it('vLLM with no context uses the model limit; maxContextLength never exceeds it', async () => {
		const result = await pickQuantFormat({ gpus: ['h200'], model: 'gpt-oss-120b', engine: 'vllm' });
		expect(result.recommended?.engineArgs.args).toEqual(expect.arrayContaining(['--max-model-len', '131072']));
		expect(result.recommended?.maxContextLength).toBe(131072);
	});

	it('a lower gpuMemoryUtilization shrinks the largest context', async () => {
		const gpu = gpuFromCatalog('h100-sxm');
		const wide = await pickQuantFormat({ gpus: [gpu], model: 'gpt-oss-20b', engine: 'vllm', contextLength: 4096, concurrency: 64 });
		const tight = await pickQuantFormat({
			gpus: [gpu],
			model: 'gpt-oss-20b',
			engine: 'vllm',
			contextLength: 4096,
			concurrency: 64,
			gpuMemoryUtilization: 0.85,
		});
		expect(tight.recommended!.maxContextLength).toBeLessThan(wide.recommended!.maxContextLength);
	});

	it('GPU objects as Detect GPU gives them (name + memory) work, and low free memory makes vLLM refuse', async () => {
		const result = await pickQuantFormat({
			gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryFreeMiB: 40000, computeCapability: '9.0' }],
			model: 'gpt-oss-20b',
			engine: 'vllm',
			contextLength: 8192,
		});
		expect(result.recommended?.fits).toBe(false);
		expect(result.recommended?.startup).toMatchObject({ verdict: 'fails', check: 'vllm:free-memory' });
		expect(result.recommended?.startup.message).toMatch(/is less than desired GPU memory utilization/);
	});

	it('topN keeps the best candidates only', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-8b', engine: 'any', contextLength: 8192, topN: 2 });
		expect(result.candidates).toHaveLength(2);
		expect(result.candidates[0].score).toBeGreaterThanOrEqual(result.candidates[1].score);
	});
});

describe('bad input', () => {
	it.each([
		[{ contextLength: 0 }],
		[{ contextLength: -1 }],
		[{ model: 'not-a-model' }],
		[{ gpus: [{ name: 'Mystery GPU 9000' }] }],
		[{ gpus: [] }],
		[{ engine: 'tgi' }],
		[{ model: '{"num_hidden_layers": 2,' }],
	])('%j -> input error with a hint', async (override) => {
		await expectInputError(
			pickQuantFormat({ gpus: ['h100-sxm'], model: 'gpt-oss-20b', engine: 'any', contextLength: 4096, ...(override as object) }),
		);
	});
});
