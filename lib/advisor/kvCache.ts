/**
 * KV cache size per engine, sliding-window aware (gpu-quant.md §4.3):
 * - vLLM: pages of 16 tokens; full layers hold cdiv(ctx, 16) pages per sequence, sliding layers
 *   cdiv(min(window - 1 + max_num_batched_tokens, ctx), 16) + 1 pages (vllm/v1/kv_cache_interface.py).
 * - llama.cpp: cells = GGML_PAD(n_ctx, 32) for full layers, and for the SWA cache
 *   min(full, GGML_PAD(window * n_seq + n_ubatch, 32)) (src/llama-kv-cache-unified-iswa.cpp).
 */
import type { Engine } from '../types';
import type { ModelSpec } from '../models/types';
import type { KvCacheDetail, KvCacheDtype } from './types';

export const VLLM_BLOCK_SIZE = 16;
export const LLAMA_CPP_KV_PAD = 32;
export const LLAMA_CPP_DEFAULT_UBATCH = 512;

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

const pad = (x: number, n: number) => Math.ceil(x / n) * n;

/** Bytes one layer stores per cached token: K and V for every KV head. */
export function kvBytesPerTokenPerLayer(model: ModelSpec, dtype?: KvCacheDtype): number {
	return 2 * model.numKeyValueHeads * model.headDim * kvBytesPerElement(dtype);
}

export interface KvCacheInput {
	model: ModelSpec;
	engine: Engine;
	contextLength: number;
	concurrency: number;
	dtype?: KvCacheDtype;
	/** vLLM scheduler budget; bounds the sliding-window pages. */
	maxNumBatchedTokens: number;
	/** llama.cpp micro-batch. */
	ubatch: number;
}

export function kvCache(input: KvCacheInput): KvCacheDetail {
	const { model, contextLength: ctx, concurrency: seqs } = input;
	const fullAttentionLayers = model.layerTypes.filter((t) => t === 'full').length;
	const slidingLayers = model.layerTypes.length - fullAttentionLayers;
	const window = model.slidingWindow ?? ctx;
	const perLayerToken = kvBytesPerTokenPerLayer(model, input.dtype);

	let fullCells: number;
	let slidingCells: number;
	if (input.engine === 'vllm') {
		fullCells = pad(ctx, VLLM_BLOCK_SIZE) * seqs;
		const slidingTokens = Math.min(window - 1 + input.maxNumBatchedTokens, ctx);
		slidingCells = (Math.ceil(slidingTokens / VLLM_BLOCK_SIZE) + 1) * VLLM_BLOCK_SIZE * seqs;
	} else {
		fullCells = pad(ctx * seqs, LLAMA_CPP_KV_PAD);
		slidingCells = Math.min(fullCells, pad(window * seqs + input.ubatch, LLAMA_CPP_KV_PAD));
	}
	if (slidingLayers === 0) slidingCells = 0;
	return {
		fullAttentionLayers,
		slidingLayers,
		fullCells,
		slidingCells,
		fullLayerBytes: fullAttentionLayers * fullCells * perLayerToken,
		slidingLayerBytes: slidingLayers * slidingCells * perLayerToken,
		bytesPerElement: kvBytesPerElement(input.dtype),
	};
}
