/** KV cache arithmetic every engine shares: bytes per element and per token, and the per-layer-kind totals. */
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

/** Bytes one layer stores per cached token: K and V for every KV head. */
export function kvBytesPerTokenPerLayer(model: ModelSpec, dtype?: KvCacheDtype): number {
	return 2 * model.numKeyValueHeads * model.headDim * kvBytesPerElement(dtype);
}

export function padTo(x: number, n: number): number {
	return Math.ceil(x / n) * n;
}

/** Totals for a layout: how many cells the engine gives full-attention and sliding-window layers. */
export function kvDetail(model: ModelSpec, dtype: KvCacheDtype | undefined, fullCells: number, slidingCells: number): KvCacheDetail {
	const fullAttentionLayers = model.layerTypes.filter((t) => t === 'full').length;
	const slidingLayers = model.layerTypes.length - fullAttentionLayers;
	const perLayerToken = kvBytesPerTokenPerLayer(model, dtype);
	const sliding = slidingLayers === 0 ? 0 : slidingCells;
	return {
		fullAttentionLayers,
		slidingLayers,
		fullCells,
		slidingCells: sliding,
		fullLayerBytes: fullAttentionLayers * fullCells * perLayerToken,
		slidingLayerBytes: slidingLayers * sliding * perLayerToken,
		bytesPerElement: kvBytesPerElement(dtype),
	};
}
