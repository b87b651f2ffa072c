/**
 * SGLang's memory. --mem-fraction-static is the share of each GPU for the weights and the KV pool; the rest
 * is left for activations and CUDA graphs (https://github.com/sgl-project/sglang/blob/21ff1af011c4b30ac5fe7865c6ebb8533eba0f02/docs/advanced_features/hyperparameter_tuning.md).
 * At start-up the pool gets what is free after loading the weights minus total x (1 - mem_fraction_static)
 * (profile_max_num_token in https://github.com/sgl-project/sglang/blob/226149ac457bd1a1b5d450f55c01f72f604320d6/python/sglang/srt/model_executor/model_runner_kv_cache_mixin.py).
 */
import type { ModelSpec } from '../../models/types';
import { tokensCapacity } from '../common/capacity';
import { cudaVisibleBytes } from '../common/cuda';
import { kvDetail } from '../common/kv';
import type { EngineMemoryModel, UsableGpu } from '../types';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Default sliding-window share of the token pool (--swa-full-tokens-ratio). */
export const SGLANG_SWA_FULL_TOKENS_RATIO = 0.8;

/**
 * Architectures for which SGLang turns the hybrid SWA pool off (server_args.py _handle_model_specific_adjustments):
 * their sliding-window layers then hold as many tokens as the full layers.
 */
const NO_HYBRID_SWA_MODEL_TYPES = ['gemma2', 'gemma3', 'gemma3_text', 'gemma3n', 'olmo2', 'olmo3', 'exaone4'];

export interface SglangGpuDefaults {
	chunkedPrefillSize: number;
	cudaGraphMaxBs: number;
	/** MiB kept outside the static budget for activations and CUDA graphs. */
	reservedMiB: number;
	memFractionStatic: number;
}

/**
 * SGLang's defaults by GPU memory and TP (_handle_gpu_memory_settings since PR #10975:
 * https://github.com/sgl-project/sglang/pull/10975): chunked prefill and CUDA-graph batch by memory tier,
 * reserved = 512 + max(chunked, 2048) x 1.5 + graph batch x 2 + TP / 8 x 1024 MiB (at least 10 GiB above 60 GiB),
 * mem_fraction_static = round((memory - reserved) / memory, 3). Piecewise-CUDA-graph and speculative-decoding
 * terms of newer releases are not modelled.
 */
export function sglangGpuDefaults(gpuMemoryMiB: number, tensorParallelSize: number): SglangGpuDefaults {
	const small = tensorParallelSize < 4;
	let chunkedPrefillSize: number;
	let cudaGraphMaxBs: number;
	if (gpuMemoryMiB < 20 * 1024) [chunkedPrefillSize, cudaGraphMaxBs] = [2048, 8];
	else if (gpuMemoryMiB < 35 * 1024) [chunkedPrefillSize, cudaGraphMaxBs] = [2048, small ? 24 : 80];
	else if (gpuMemoryMiB < 60 * 1024) [chunkedPrefillSize, cudaGraphMaxBs] = [4096, small ? 32 : 160];
	else if (gpuMemoryMiB < 160 * 1024) [chunkedPrefillSize, cudaGraphMaxBs] = [8192, small ? 256 : 512];
	else [chunkedPrefillSize, cudaGraphMaxBs] = [16384, 512];
	let reservedMiB = 512 + Math.max(chunkedPrefillSize, 2048) * 1.5 + cudaGraphMaxBs * 2 + (tensorParallelSize / 8) * 1024;
	if (gpuMemoryMiB > 60 * 1024) reservedMiB = Math.max(reservedMiB, 10 * 1024);
	const memFractionStatic = Math.round(((gpuMemoryMiB - reservedMiB) / gpuMemoryMiB) * 1000) / 1000;
	return { chunkedPrefillSize, cudaGraphMaxBs, reservedMiB, memFractionStatic };
}

export function memFractionStaticFor(gpu: UsableGpu, given: number | undefined, tensorParallelSize: number): number {
	return given ?? sglangGpuDefaults(gpu.totalBytes / MIB, tensorParallelSize).memFractionStatic;
}

/**
 * gpt-oss gets trtllm_mha attention on SM100, and SGLang then disables the hybrid SWA pool
 * (server_args.py, "Disable hybrid SWA memory for GPT-OSS model with trtllm_mha attention backend").
 */
export function hybridSwaPool(model: ModelSpec, gpu: UsableGpu | null): boolean {
	if (NO_HYBRID_SWA_MODEL_TYPES.includes(model.modelType)) return false;
	const cc = gpu?.gpu.computeCapability ?? '';
	return !(model.modelType === 'gpt_oss' && /^10\./.test(cc));
}

/** Everything but the start-up check (lib/engines/sglang/startup.ts), which index.ts adds. */
export const sglangMemoryTerms: Omit<EngineMemoryModel, 'startup'> = {
	visibleBytes: cudaVisibleBytes,
	budget: ({ gpu, memFractionStatic, tensorParallelSize }) => cudaVisibleBytes(gpu) * memFractionStaticFor(gpu, memFractionStatic, tensorParallelSize),
	/**
	 * One token slot per token (page size 1). With the hybrid SWA pool the sliding-window layers get
	 * swa_full_tokens_ratio (0.8) x the full layers' tokens (set_num_tokens_hybrid_swa); without it, the same tokens.
	 */
	kvCache({ model, contextLength, concurrency, dtype, gpu, knobs }) {
		const fullCells = contextLength * concurrency;
		const ratio = hybridSwaPool(model, gpu) ? SGLANG_SWA_FULL_TOKENS_RATIO : 1;
		return kvDetail(model, dtype, fullCells, Math.floor(fullCells * ratio), knobs.tensorParallelSize ?? 1);
	},
	/** Inside the static budget: the CUDA context and non-torch memory (~1 GiB, +0.5 GiB NCCL buffers with TP). */
	overhead({ tensorParallelSize, gpu }) {
		const context = GIB + (tensorParallelSize > 1 ? GIB / 2 : 0);
		const reserve = gpu ? sglangGpuDefaults(gpu.totalBytes / MIB, tensorParallelSize) : null;
		const outside = reserve
			? ` By default SGLang keeps ${(reserve.reservedMiB / 1024).toFixed(1)} GiB of each GPU outside it (mem_fraction_static ${reserve.memFractionStatic}) for activations of ${reserve.chunkedPrefillSize}-token prefill chunks and CUDA graphs up to batch ${reserve.cudaGraphMaxBs}.`
			: '';
		return {
			bytes: context,
			parts: [{ name: 'CUDA context and non-torch memory', bytes: context }],
			describe: () => `SGLang static memory per GPU: weights, KV pool and ${(context / GIB).toFixed(1)} GiB of CUDA context and non-torch memory.${outside}`,
		};
	},
	cpuOffload: false,
	/** Pool tokens: every layer's cell (sliding-window layers share the count, at 0.8 x in the hybrid pool). */
	capacity: (input) => {
		const sliding = input.model.layerTypes.filter((t) => t === 'sliding').length;
		const ratio = hybridSwaPool(input.model, input.gpu) ? SGLANG_SWA_FULL_TOKENS_RATIO : 1;
		return tokensCapacity(input, input.model.numLayers - sliding + sliding * ratio);
	},
};
