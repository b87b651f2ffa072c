/**
 * The two ways the engines spread a model over GPUs.
 * - Tensor parallelism (vLLM, SGLang): every GPU holds 1/N of the weights and KV cache plus its own overhead.
 * - Layer split (llama.cpp and the engines built on it): whole layers per GPU in proportion to each GPU's memory,
 *   each GPU with its own compute buffers.
 */
import type { ModelSpec } from '../../models/types';
import type { Parallelism } from '../types';

const GIB = 1024 ** 3;

/** Tensor-parallel sizes: powers of two that divide the attention and KV heads. */
export function tensorParallelSizes(model: ModelSpec, gpuCount: number): number[] {
	const sizes: number[] = [];
	for (let tp = 1; tp <= gpuCount; tp *= 2) {
		if (model.numAttentionHeads % tp === 0 && model.numKeyValueHeads % tp === 0) sizes.push(tp);
	}
	return sizes;
}

export const tensorParallel: Parallelism = {
	gpuCounts: tensorParallelSizes,
	ranks: (count) => count,
	split(estimate, perGpuAvailable) {
		// The estimate already counts the overhead once per rank.
		const perGpu = (estimate.weightsBytes + estimate.kvCacheBytes + estimate.overheadBytes) / perGpuAvailable.length;
		return { perGpuNeed: perGpuAvailable.map(() => perGpu), overheadBytes: estimate.overheadBytes, totalBytes: estimate.totalBytes };
	},
	tensorParallelSize: (count) => count,
	tensorSplit: () => null,
};

export const layerSplit: Parallelism = {
	gpuCounts: (_model, available) => Array.from({ length: available }, (_, i) => i + 1),
	ranks: () => 1,
	split(estimate, perGpuAvailable) {
		const shared = estimate.weightsBytes + estimate.kvCacheBytes;
		const totalAvailable = perGpuAvailable.reduce((a, b) => a + b, 0);
		const count = perGpuAvailable.length;
		return {
			perGpuNeed: perGpuAvailable.map((a) => (shared * a) / totalAvailable + estimate.overheadBytes),
			overheadBytes: estimate.overheadBytes * count,
			totalBytes: estimate.totalBytes + estimate.overheadBytes * (count - 1),
		};
	},
	tensorParallelSize: () => null,
	tensorSplit: (perGpuAvailable) => (perGpuAvailable.length > 1 ? perGpuAvailable.map((a) => Math.round(a / GIB)) : null),
};
