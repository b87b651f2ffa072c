/**
 * vLLM's memory: a budget of gpu_memory_utilization x total memory per GPU, filled by the weights, the
 * profile run's activations, CUDA graphs and non-torch memory, and the paged KV cache
 * (https://github.com/vllm-project/vllm/blob/main/vllm/v1/worker/gpu_worker.py).
 */
import { perTokenActivation } from '../shared/activations';
import { kvDetail, padTo } from '../shared/kv';
import type { EngineKnobs, EngineMemoryModel, UsableGpu } from '../types';

const GIB = 1024 ** 3;

/** --gpu-memory-utilization default (0.90; 0.92 in some 2026 builds: https://github.com/vllm-project/vllm/blob/002f10e0/vllm/config/cache.py). */
export const VLLM_DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;
/** KV pages of 16 tokens (https://github.com/vllm-project/vllm/blob/001cabc1/vllm/v1/kv_cache_interface.py). */
export const VLLM_BLOCK_SIZE = 16;

/**
 * The OpenAI server's batch defaults: GPUs with >= 70 GiB that are not A100 get 8192 batched tokens and
 * 1024 sequences, others 2048 and 256 (EngineArgs.get_batch_defaults in
 * https://github.com/vllm-project/vllm/blob/main/vllm/engine/arg_utils.py).
 */
export function vllmBatchDefaults(gpuMemoryBytes: number, gpuName: string): { maxNumBatchedTokens: number; maxNumSeqs: number } {
	const big = gpuMemoryBytes >= 70 * GIB && !/a100/i.test(gpuName);
	return big ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
}

function batch(knobs: EngineKnobs, gpu: UsableGpu | null): { maxNumBatchedTokens: number; maxNumSeqs: number } {
	const defaults = gpu ? vllmBatchDefaults(gpu.totalBytes, gpu.gpu.name) : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
	return {
		maxNumBatchedTokens: knobs.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens,
		maxNumSeqs: knobs.maxNumSeqs ?? defaults.maxNumSeqs,
	};
}

export const vllmMemory: EngineMemoryModel = {
	budget: ({ gpu, gpuMemoryUtilization }) => gpu.totalBytes * (gpuMemoryUtilization ?? VLLM_DEFAULT_GPU_MEMORY_UTILIZATION),
	/**
	 * Full layers hold cdiv(ctx, 16) pages per sequence; sliding layers
	 * cdiv(min(window - 1 + max_num_batched_tokens, ctx), 16) + 1 pages.
	 */
	kvCache({ model, contextLength: ctx, concurrency: seqs, dtype, knobs, gpu }) {
		const { maxNumBatchedTokens } = batch(knobs, gpu);
		const window = model.slidingWindow ?? ctx;
		const slidingTokens = Math.min(window - 1 + maxNumBatchedTokens, ctx);
		const slidingCells = (Math.ceil(slidingTokens / VLLM_BLOCK_SIZE) + 1) * VLLM_BLOCK_SIZE * seqs;
		return kvDetail(model, dtype, padTo(ctx, VLLM_BLOCK_SIZE) * seqs, slidingCells);
	},
	/**
	 * Per GPU: ~1 GiB CUDA context and non-torch memory (+0.5 GiB NCCL buffers with TP), ~0.5 GiB CUDA graphs,
	 * the profile run's BF16 activations at max_num_batched_tokens and the sampler's FP32 logits for max_num_seqs.
	 */
	overhead({ model, knobs, tensorParallelSize, gpu }) {
		const { maxNumBatchedTokens, maxNumSeqs } = batch(knobs, gpu);
		const context = GIB + (tensorParallelSize > 1 ? GIB / 2 : 0);
		const graphs = GIB / 2;
		const activations = (maxNumBatchedTokens * perTokenActivation(model) * 2) / tensorParallelSize;
		const logits = maxNumSeqs * model.vocabSize * 4;
		return {
			bytes: context + graphs + activations + logits,
			assumption:
				`vLLM overhead per GPU: CUDA context and non-torch memory ${(context / GIB).toFixed(1)} GiB, CUDA graphs 0.5 GiB, ` +
				`activations for ${maxNumBatchedTokens} batched tokens and sampler logits for ${maxNumSeqs} sequences.`,
		};
	},
	cpuOffload: false,
};
