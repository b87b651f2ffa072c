/** KV cache arithmetic every engine shares: bytes per element and per token, heads per GPU, the per-layer-kind totals. */
import type { ModelSpec } from '../../models/types';
import type { KvCacheDetail, KvCacheDtype } from '../types';

/** Bytes per cached element; q8_0 / q4_0 carry their block scales (34 / 18 bytes per 32). */
export function kvBytesPerElement(dtype: KvCacheDtype | undefined): number {
	switch (dtype) {
		case 'fp8':
		case 'fp8_e4m3':
		case 'fp8_e5m2':
			return 1;
		case 'q8_0':
			return 34 / 32;
		case 'q4_0':
			return 18 / 32;
		default:
			return 2;
	}
}

/**
 * KV heads one GPU stores under tensor parallelism: kv / TP, and at least one. When TP exceeds the KV heads,
 * vLLM and SGLang replicate each head on TP / kv GPUs (QKVParallelLinear: num_kv_heads = max(1, total // tp),
 * https://github.com/vllm-project/vllm/blob/001cabc1be16a59a70d720ed61a13b678c060a18/vllm/model_executor/layers/linear.py).
 */
export function kvHeadsPerRank(model: ModelSpec, tensorParallelSize = 1): number {
	return Math.max(1, Math.floor(model.numKeyValueHeads / Math.max(1, tensorParallelSize)));
}

/** Bytes one layer stores per cached token on one GPU: K and V for every KV head it holds. */
export function kvBytesPerTokenPerLayer(model: ModelSpec, dtype?: KvCacheDtype, tensorParallelSize = 1): number {
	return 2 * kvHeadsPerRank(model, tensorParallelSize) * model.headDim * kvBytesPerElement(dtype);
}

export function padTo(x: number, n: number): number {
	return Math.ceil(x / n) * n;
}

/** Layers of each attention kind. */
export function layerCounts(model: ModelSpec): { full: number; sliding: number } {
	const full = model.layerTypes.filter((t) => t === 'full').length;
	return { full, sliding: model.layerTypes.length - full };
}

/** Totals on one GPU for a layout: how many cells the engine gives full-attention and sliding-window layers. */
export function kvDetail(model: ModelSpec, dtype: KvCacheDtype | undefined, fullCells: number, slidingCells: number, tensorParallelSize = 1): KvCacheDetail {
	const { full, sliding } = layerCounts(model);
	const perLayerToken = kvBytesPerTokenPerLayer(model, dtype, tensorParallelSize);
	const slidingKept = sliding === 0 ? 0 : slidingCells;
	return {
		fullAttentionLayers: full,
		slidingLayers: sliding,
		fullCells,
		slidingCells: slidingKept,
		fullLayerBytes: full * fullCells * perLayerToken,
		slidingLayerBytes: sliding * slidingKept * perLayerToken,
		bytesPerElement: kvBytesPerElement(dtype),
		kvHeadsPerRank: kvHeadsPerRank(model, tensorParallelSize),
	};
}
