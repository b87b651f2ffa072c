/**
 * The two ways the engines spread a model over GPUs.
 * - Tensor parallelism (vLLM, SGLang): every GPU holds 1/N of the weights and KV cache plus its own overhead.
 * - Layer split (llama.cpp and the engines built on it): whole layers per GPU in proportion to each GPU's memory,
 *   each GPU with its own compute buffers.
 */
import type { ModelSpec } from '../../models/types';
import type { Parallelism } from '../types';

const GIB = 1024 ** 3;

/**
 * Tensor-parallel sizes: powers of two that divide the attention heads, and whose relation to the KV heads vLLM
 * accepts: TP divides the KV heads, or the KV heads divide TP (each head then replicated on TP / kv GPUs).
 * Source: ModelConfig.verify_with_parallel_config ("Total number of attention heads must be divisible by tensor
 * parallel size") and QKVParallelLinear (num_kv_head_replicas = tp / total_num_kv_heads) in
 * https://github.com/vllm-project/vllm/blob/001cabc1be16a59a70d720ed61a13b678c060a18/vllm/model_executor/layers/linear.py
 */
export function tensorParallelSizes(model: ModelSpec, gpuCount: number): number[] {
	const sizes: number[] = [];
	const kv = model.numKeyValueHeads;
	for (let tp = 1; tp <= gpuCount; tp *= 2) {
		if (model.numAttentionHeads % tp === 0 && (kv % tp === 0 || tp % kv === 0)) sizes.push(tp);
	}
	return sizes;
}

export const tensorParallel: Parallelism = {
	gpuCounts: tensorParallelSizes,
	ranks: (count) => count,
	shares: (perGpuAvailable) => perGpuAvailable.map(() => 1 / perGpuAvailable.length),
	tensorParallelSize: (count) => count,
	tensorSplit: () => null,
};

export const layerSplit: Parallelism = {
	gpuCounts: (_model, available) => Array.from({ length: available }, (_, i) => i + 1),
	ranks: () => 1,
	shares(perGpuAvailable) {
		const total = perGpuAvailable.reduce((a, b) => a + b, 0);
		return perGpuAvailable.map((a) => a / total);
	},
	tensorParallelSize: () => null,
	tensorSplit: (perGpuAvailable) => (perGpuAvailable.length > 1 ? perGpuAvailable.map((a) => Math.round(a / GIB)) : null),
};
