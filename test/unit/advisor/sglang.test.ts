import { estimateMemoryDetailed } from '../../../lib/advisor/estimateMemory';
import { findFormat, pickQuantFormat, sglangGpuDefaults, supportFor } from '../../../lib/advisor';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';
import { findModel } from '../../../lib/knowledge/models';
import type { Candidate } from '../../../lib/types';

const mxfp4 = findFormat('MXFP4', 'safetensors')!;

function sglangOf(candidates: Candidate[], format: string): Candidate {
	return candidates.find((c) => c.engine === 'sglang' && c.format === format)!;
}

describe('SGLang support rows', () => {
	it('gpt-oss MXFP4: native on sm_100 and, from 0.5.17, on sm_120; Marlin on sm_120 before; weight-only on Hopper; none on Turing', () => {
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('b200')).execution).toBe('native');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('b200'), '0.5.0').execution).toBe('native');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('rtx-pro-6000-blackwell')).execution).toBe('native');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('rtx-5090'), '0.5.17').execution).toBe('native');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('rtx-5090'), '0.5.16').execution).toBe('weight-only');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('h100-sxm')).execution).toBe('weight-only');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('a100-80gb-sxm4')).execution).toBe('weight-only');
		expect(supportFor('sglang', mxfp4, gpuFromCatalog('t4')).execution).toBe('unsupported');
	});

	it('NVFP4 (ModelOpt FP4) only on Blackwell; FP8 native from Ada, FP8 Marlin on Ampere', () => {
		const nvfp4 = findFormat('NVFP4', 'safetensors')!;
		const fp8 = findFormat('FP8', 'safetensors')!;
		expect(supportFor('sglang', nvfp4, gpuFromCatalog('b200')).execution).toBe('native');
		expect(supportFor('sglang', nvfp4, gpuFromCatalog('rtx-pro-6000-blackwell')).execution).toBe('native');
		expect(supportFor('sglang', nvfp4, gpuFromCatalog('h100-sxm')).execution).toBe('unsupported');
		expect(supportFor('sglang', fp8, gpuFromCatalog('l40s')).execution).toBe('native');
		expect(supportFor('sglang', fp8, gpuFromCatalog('a100-80gb-sxm4')).execution).toBe('weight-only');
	});
});

describe('SGLang memory model', () => {
	// reserved MiB = 512 + max(chunked, 2048) x 1.5 + graph batch x 2 + TP/8 x 1024, at least 10240 above 60 GiB;
	// mem_fraction_static = round((memory - reserved) / memory, 3).
	it.each([
		['RTX 4090 (24564 MiB), TP 1: chunked 2048, graphs 24', 24564, 1, 2048, 24, 3760, 0.847],
		['T4 (15360 MiB), TP 1: chunked 2048, graphs 8', 15360, 1, 2048, 8, 3728, 0.757],
		['H100 (81559 MiB), TP 1: chunked 8192, graphs 256', 81559, 1, 8192, 256, 13440, 0.835],
		['H100 (81559 MiB), TP 4: graphs 512', 81559, 4, 8192, 512, 14336, 0.824],
		['B200 (183359 MiB), TP 1: chunked 16384, graphs 512', 183359, 1, 16384, 512, 26240, 0.857],
	])('default mem_fraction_static, %s', (_label, mib, tp, chunked, graphs, reserved, fraction) => {
		expect(sglangGpuDefaults(mib, tp)).toEqual({ chunkedPrefillSize: chunked, cudaGraphMaxBs: graphs, reservedMiB: reserved, memFractionStatic: fraction });
	});

	it('the budget is CUDA\'s total x mem_fraction_static, and the static memory holds weights, KV pool and the CUDA context', async () => {
		// CUDA reports 79.18 GiB of the 81559 MiB nvidia-smi shows on an H100 (corpus vllm-h100-llama-3.1-8b-1).
		const visible = 81559 * 1024 ** 2 - 0.47 * 1024 ** 3;
		const result = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'llama-3.1-8b', engine: 'sglang', contextLength: 32768 });
		const bf16 = sglangOf(result.candidates, 'BF16');
		expect(bf16.memory.availableBytes).toBe(Math.floor(visible * 0.835));
		expect(bf16.memory.overheadBytes).toBe(1024 ** 3);
		expect(bf16.memory.kvCacheBytes).toBe(32768 * 32 * 2 * 8 * 128 * 2);
		const tight = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'llama-3.1-8b', engine: 'sglang', contextLength: 32768, memFractionStatic: 0.5 });
		expect(sglangOf(tight.candidates, 'BF16').memory.availableBytes).toBe(Math.floor(visible * 0.5));
	});

	it('gpt-oss: sliding-window layers get 0.8 x the full layers\' tokens (hybrid pool), all of them on SM100 (trtllm_mha turns the pool off)', () => {
		const hopper = { gpu: gpuFromCatalog('h100-sxm'), totalBytes: 81559 * 1024 ** 2, freeBytes: null };
		const blackwell = { gpu: gpuFromCatalog('b200'), totalBytes: 183359 * 1024 ** 2, freeBytes: null };
		const input = { model: 'gpt-oss-120b', format: 'MXFP4', engine: 'sglang' as const, contextLength: 32768, concurrency: 2 };
		const onHopper = estimateMemoryDetailed(input, hopper).kv;
		expect(onHopper.fullCells).toBe(65536);
		expect(onHopper.slidingCells).toBe(Math.floor(65536 * 0.8));
		expect(estimateMemoryDetailed(input, blackwell).kv.slidingCells).toBe(65536);
	});
});

describe('SGLang command', () => {
	it('launch_server with --tp, --mem-fraction-static, --context-length and the KV cache type', async () => {
		const result = await pickQuantFormat({ gpus: ['l40s', 'l40s'], model: 'llama-3.1-70b', engine: 'sglang', contextLength: 8192, kvCacheDtype: 'fp8' });
		const fp8 = sglangOf(result.candidates, 'FP8');
		expect(fp8.tensorParallelSize).toBe(2);
		// 46068 MiB, TP 2: chunked 4096, graphs 32: reserved 512 + 6144 + 64 + 256 = 6976 -> 0.849.
		expect(fp8.engineArgs.command).toBe(
			'python -m sglang.launch_server --model-path RedHatAI/Meta-Llama-3.1-70B-Instruct-FP8 --context-length 8192 --mem-fraction-static 0.849 --tp 2 --kv-cache-dtype fp8_e4m3',
		);
		expect(fp8.engineArgs.settings).toMatchObject({ memFractionStatic: 0.849, tensorParallelSize: 2, kvCacheDtype: 'fp8_e4m3', chunkedPrefillSize: 4096 });
	});

	it('q8_0 becomes fp8_e4m3 with a warning; a BF16 model without an FP8 checkpoint is quantized at load', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'qwen3-30b-a3b', engine: 'sglang', contextLength: 8192, kvCacheDtype: 'q8_0' });
		const bf16 = sglangOf(result.candidates, 'BF16');
		expect(bf16.engineArgs.args).toEqual(expect.arrayContaining(['--kv-cache-dtype', 'fp8_e4m3']));
		expect(bf16.warnings.join(' ')).toMatch(/SGLang has no q8_0 KV cache/);
		const withoutCheckpoints = { ...findModel('qwen3-8b')!, checkpoints: [] };
		const online = await pickQuantFormat({ gpus: ['h100-sxm'], model: withoutCheckpoints, engine: 'sglang', contextLength: 8192 });
		expect(sglangOf(online.candidates, 'FP8').engineArgs.args).toEqual(expect.arrayContaining(['--quantization', 'fp8']));
	});
});
