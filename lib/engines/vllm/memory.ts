/**
 * vLLM's memory at start-up, per GPU (gpu_worker.py determine_available_memory):
 *   requested    = CUDA total x gpu_memory_utilization
 *   available_kv = requested - weights as loaded - torch peak of the profile run - non-torch memory
 *                  (- the CUDA graph estimate, subtracted before the KV cache is sized since 0.21.0)
 * https://github.com/vllm-project/vllm/blob/35d5cda123ec28581759b6d34cde8052314fb1e6/vllm/v1/worker/gpu_worker.py
 * Constants fitted on the log corpus (test/fixtures/engine-logs); each says on which cases.
 */
import { perTokenActivation } from '../common/activations';
import { cudaVisibleBytes } from '../common/cuda';
import { kvDetail, layerCounts, padTo, kvBytesPerTokenPerLayer } from '../common/kv';
import type { CapacityInput, EngineKnobs, EngineMemoryModel, KvCapacity, UsableGpu } from '../types';
import { vllmGeneration } from './generation';

const GIB = 1024 ** 3;

/** --gpu-memory-utilization default (0.90; 0.92 in some 2026 builds: https://github.com/vllm-project/vllm/blob/002f10e0/vllm/config/cache.py). */
export const VLLM_DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;
/** KV pages of 16 tokens (https://github.com/vllm-project/vllm/blob/001cabc1/vllm/v1/kv_cache_interface.py). */
export const VLLM_BLOCK_SIZE = 16;

/**
 * The profile run samples one token for min(max_num_seqs, max_num_batched_tokens) dummy requests: FP32 logits and the
 * sampler's sort/softmax copies, about 39 bytes per request x vocabulary entry. Fitted on the llm-d H100 runs at
 * max_num_seqs 1024 (vllm-h100-llama-3.1-8b-1: 4.76 GiB, vllm-h100-qwen3-32b-1/-3: 5.64, vllm-h100-llama-3.3-70b-fp8-1: 4.84).
 */
export const VLLM_SAMPLER_BYTES_PER_LOGIT = 39;
/**
 * The profile run's forward pass: BF16 activations of the batched tokens, ~1.07 x the per-token activation width.
 * Fitted on the V0 runs where max_model_len sets the profile tokens (vllm-rtx-3090-llama-3.1-8b-1/-2: 2.07 and
 * 2.99 GiB at 20000 and 29000 tokens).
 */
export const VLLM_FORWARD_FACTOR = 1.07;
/** Non-torch memory: 0.13 GiB on one GPU, 0.54-0.55 GiB with TP 2 (NCCL, custom all-reduce): the llm-d H100 runs. */
export const VLLM_NON_TORCH_BYTES = 0.13 * GIB;
/** V0 counted the CUDA context in its non-torch memory: 0.35 GiB (fitted on vllm-rtx-3090-llama-3.1-8b-1). */
export const VLLM_V0_NON_TORCH_BYTES = 0.35 * GIB;
export const VLLM_NON_TORCH_TP_BYTES = 0.42 * GIB;
/**
 * CUDA graphs: captured after the KV cache before 0.21 (memory deltas -0.9 ... +1.0 GiB in the llm-d runs); from 0.21
 * an estimate is subtracted up front (https://github.com/vllm-project/vllm/pull/30515). 1 GiB: the largest delta seen.
 */
export const VLLM_CUDA_GRAPH_BYTES = 1 * GIB;


/**
 * The OpenAI server's batch defaults: GPUs with >= 70 GiB that are not A100 get 8192 batched tokens and
 * 1024 sequences, others 2048 and 256 (EngineArgs.get_batch_defaults in
 * https://github.com/vllm-project/vllm/blob/main/vllm/engine/arg_utils.py). V0 served 256 sequences.
 */
export function vllmBatchDefaults(gpuMemoryBytes: number, gpuName: string, version?: string): { maxNumBatchedTokens: number; maxNumSeqs: number } {
	if (vllmGeneration(version).v0) return { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
	const big = gpuMemoryBytes >= 70 * GIB && !/a100/i.test(gpuName);
	return big ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
}

export function vllmBatch(knobs: EngineKnobs, gpu: UsableGpu | null, version?: string): { maxNumBatchedTokens: number; maxNumSeqs: number } {
	const defaults = gpu ? vllmBatchDefaults(gpu.totalBytes, gpu.gpu.name, version) : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
	return {
		maxNumBatchedTokens: knobs.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens,
		maxNumSeqs: knobs.maxNumSeqs ?? defaults.maxNumSeqs,
	};
}

/** Tokens of the profile run: max_num_batched_tokens; in V0 without chunked prefill (context <= 32K) the whole max_model_len. */
function profileTokens(knobs: EngineKnobs, gpu: UsableGpu | null, version: string | undefined, contextLength: number): number {
	const { maxNumBatchedTokens } = vllmBatch(knobs, gpu, version);
	if (vllmGeneration(version).v0 && knobs.maxNumBatchedTokens === undefined && contextLength <= 32768) return Math.max(contextLength, 2048);
	return maxNumBatchedTokens;
}

/**
 * Expert dimensions as the MoE kernel holds them (support row's expertLayout), as a factor on the expert bytes. Each
 * rank's shard of the intermediate dimension is padded (intermediate_size_per_partition in mxfp4.py).
 */
function expertFactor(intermediate: number, hidden: number, tp: number, layout: { intermediateMultiple?: number; hiddenMultiple?: number; extraShare?: number }): number {
	const shard = Math.ceil(intermediate / tp);
	const padded = (padTo(shard, layout.intermediateMultiple ?? 1) * tp * padTo(hidden, layout.hiddenMultiple ?? 1)) / (intermediate * hidden);
	return padded * (1 + (layout.extraShare ?? 0));
}

export function vllmKvCapacity({ model, contextLength, dtype, knobs, gpu, version, availableBytes }: CapacityInput): KvCapacity {
	const generation = vllmGeneration(version);
	const blockSize = knobs.blockSize ?? VLLM_BLOCK_SIZE;
	const page = blockSize * kvBytesPerTokenPerLayer(model, dtype, knobs.tensorParallelSize ?? 1);
	const { full, sliding } = layerCounts(model);
	const fullBlocks = Math.ceil(contextLength / blockSize);
	let blockBytes = full * page;
	let requestBlocks = fullBlocks;
	let groups = 1;
	if (sliding > 0 && full > 0) {
		// Hybrid allocator: groups of equal size share one block pool (kv_cache_utils.py _get_kv_cache_config_uniform_page_size).
		const groupSize = Math.min(full, sliding);
		const window = model.slidingWindow ?? contextLength;
		const { maxNumBatchedTokens } = vllmBatch(knobs, gpu, version);
		const slidingBlocks = Math.ceil(Math.min(window - 1 + maxNumBatchedTokens, contextLength) / blockSize) + 1;
		blockBytes = groupSize * page;
		requestBlocks = Math.ceil(full / groupSize) * fullBlocks + Math.ceil(sliding / groupSize) * slidingBlocks;
		groups = Math.ceil(full / groupSize) + Math.ceil(sliding / groupSize);
	}
	const blocks = Math.max(0, Math.floor(availableBytes / blockBytes));
	if (generation.v0) return { tokens: blocks * blockSize, maxConcurrency: (blocks * blockSize) / contextLength };
	const maxConcurrency = blocks / requestBlocks;
	const tokens = generation.tokensFromConcurrency ? Math.floor(maxConcurrency * contextLength) : Math.floor(blocks / groups) * blockSize;
	return { tokens, maxConcurrency };
}

/** Everything but the start-up check (lib/engines/vllm/startup.ts), which index.ts adds. */
export const vllmMemoryTerms: Omit<EngineMemoryModel, 'startup'> = {
	visibleBytes: cudaVisibleBytes,
	budget: ({ gpu, gpuMemoryUtilization }) => cudaVisibleBytes(gpu) * (gpuMemoryUtilization ?? VLLM_DEFAULT_GPU_MEMORY_UTILIZATION),
	/** MoE experts as the kernel holds them: Marlin and FlashInfer pad rows, Triton swizzles (the support row says which). */
	weightsAsLoaded({ model, weights, support, tensorParallelSize }) {
		const layout = support?.expertLayout;
		if (!layout || !model.moe || weights.experts === 0) return null;
		const factor = expertFactor(model.moe.expertIntermediateSize, model.hiddenSize, tensorParallelSize, layout);
		const extra = weights.experts * (factor - 1);
		return {
			weights: { ...weights, total: weights.total + extra, experts: weights.experts * factor },
			describe: () => `vLLM holds the MoE experts ${((factor - 1) * 100).toFixed(1)} % larger than the checkpoint: ${layout.note}`,
		};
	},
	/**
	 * Full layers hold cdiv(ctx, block) pages per sequence; sliding layers
	 * cdiv(min(window - 1 + max_num_batched_tokens, ctx), block) + 1 pages.
	 */
	kvCache({ model, contextLength: ctx, concurrency: seqs, dtype, knobs, gpu, version }) {
		const blockSize = knobs.blockSize ?? VLLM_BLOCK_SIZE;
		const { maxNumBatchedTokens } = vllmBatch(knobs, gpu, version);
		const window = model.slidingWindow ?? ctx;
		const slidingTokens = Math.min(window - 1 + maxNumBatchedTokens, ctx);
		const slidingCells = (Math.ceil(slidingTokens / blockSize) + 1) * blockSize * seqs;
		return kvDetail(model, dtype, padTo(ctx, blockSize) * seqs, slidingCells, knobs.tensorParallelSize ?? 1);
	},
	/**
	 * Per GPU: the profile run's torch peak (the larger of the forward pass over the batched tokens and the sampler over
	 * the dummy requests), non-torch memory (more with TP), and from 0.21 the CUDA graph estimate (none with --enforce-eager).
	 */
	overhead({ model, knobs, tensorParallelSize: tp, gpu, version, contextLength }) {
		const generation = vllmGeneration(version);
		const { maxNumSeqs } = vllmBatch(knobs, gpu, version);
		const tokens = profileTokens(knobs, gpu, version, contextLength);
		const width = perTokenActivation(model);
		const residual = 4 * model.hiddenSize;
		const forward = tokens * 2 * (residual + (width - residual) / tp) * VLLM_FORWARD_FACTOR;
		const sampler = generation.v0 ? 0 : Math.min(maxNumSeqs, tokens) * model.vocabSize * VLLM_SAMPLER_BYTES_PER_LOGIT;
		const activation = Math.max(forward, sampler);
		const nonTorch = (generation.v0 ? VLLM_V0_NON_TORCH_BYTES : VLLM_NON_TORCH_BYTES) + (tp > 1 ? VLLM_NON_TORCH_TP_BYTES : 0);
		const graphs = generation.graphsInBudget && !knobs.enforceEager ? VLLM_CUDA_GRAPH_BYTES : 0;
		const parts = [
			{ name: 'activation peak of the profile run', bytes: activation },
			{ name: 'non-torch memory', bytes: nonTorch },
			...(graphs > 0 ? [{ name: 'CUDA graphs', bytes: graphs }] : []),
		];
		const peakSource = sampler >= forward ? `the sampler over ${Math.min(maxNumSeqs, tokens)} dummy requests x ${model.vocabSize} logits` : `the forward pass over ${tokens} tokens`;
		return {
			bytes: activation + nonTorch + graphs,
			parts,
			describe: () =>
				`vLLM per GPU: profile-run peak ${(activation / GIB).toFixed(2)} GiB (${peakSource}), non-torch ${(nonTorch / GIB).toFixed(2)} GiB` +
				(graphs > 0 ? `, CUDA graph estimate ${(graphs / GIB).toFixed(2)} GiB (subtracted before the KV cache since 0.21; --enforce-eager drops it).` : '.'),
		};
	},
	cpuOffload: false,
	capacity: vllmKvCapacity,
};
