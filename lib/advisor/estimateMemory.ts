/** estimateMemory: weights + KV cache + engine overhead for one model, format, engine and context. */
import { inputError } from '../errors';
import type { CheckpointKind, Engine, MemoryEstimate } from '../types';
import { resolveModelSync } from '../models/load';
import type { ModelSpec } from '../models/types';
import { LLAMA_CPP_DEFAULT_UBATCH, overheadBytes } from './engineDefaults';
import { kvBytesPerTokenPerLayer, kvCache } from './kvCache';
import type { EstimateMemoryInput, MemoryEstimateDetail } from './types';
import { requireFormat, weightBytes } from './weights';

const ENGINES: readonly Engine[] = ['vllm', 'llama.cpp', 'lmstudio'];

export function defaultCheckpoint(engine: Engine): CheckpointKind {
	return engine === 'vllm' ? 'safetensors' : 'gguf';
}

export function requirePositiveInteger(value: number | undefined, label: string, fallback?: number): number {
	const v = value ?? fallback;
	if (v === undefined || !Number.isFinite(v) || v <= 0) {
		throw inputError(`${label} must be a positive number (got ${String(value)}).`, `Set ${label} to a whole number above 0.`);
	}
	return Math.floor(v);
}

function resolveModel(input: EstimateMemoryInput['model']): ModelSpec {
	const model = resolveModelSync(input);
	if (!model) {
		throw inputError(
			`Unknown model "${String(input)}".`,
			'estimateMemory takes a catalog id, a ModelSpec or a config.json object; load URLs and paths with loadModel() first.',
		);
	}
	return model;
}

export function estimateMemoryDetailed(input: EstimateMemoryInput): MemoryEstimateDetail {
	if (!ENGINES.includes(input.engine)) {
		throw inputError(`Unknown engine "${String(input.engine)}".`, 'Use vllm, llama.cpp or lmstudio.');
	}
	const model = resolveModel(input.model);
	const contextLength = requirePositiveInteger(input.contextLength, 'contextLength');
	const concurrency = requirePositiveInteger(input.concurrency, 'concurrency', 1);
	const checkpoint = input.checkpoint ?? defaultCheckpoint(input.engine);
	const format = requireFormat(input.format, checkpoint);
	const tp = requirePositiveInteger(input.tensorParallelSize, 'tensorParallelSize', 1);
	const maxNumBatchedTokens = input.maxNumBatchedTokens ?? 2048;
	const maxNumSeqs = input.maxNumSeqs ?? 256;
	const ubatch = input.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
	const assumptions: string[] = [];

	const weights = weightBytes(model, format);
	let weightsTotal = weights.total;
	let expertWeightsBytes = weights.experts;
	if (input.gguf) {
		weightsTotal = input.gguf.weightBytes;
		expertWeightsBytes = input.gguf.expertWeightBytes;
		assumptions.push(`Weights are the exact tensor bytes of ${input.gguf.source}.`);
	} else {
		assumptions.push(
			`Weights from parameter counts x ${format.bitsPerWeight.toFixed(4).replace(/0+$/, '')} bits per weight (${format.layout}).`,
		);
	}

	const kv = kvCache({
		model,
		engine: input.engine,
		contextLength,
		concurrency,
		dtype: input.kvCacheDtype,
		maxNumBatchedTokens,
		ubatch,
	});
	if (kv.slidingLayers > 0) {
		assumptions.push(
			`${kv.slidingLayers} sliding-window layers (window ${model.slidingWindow}) hold ${kv.slidingCells} cells; ${kv.fullAttentionLayers} full-attention layers hold ${kv.fullCells}.`,
		);
	}
	const overhead = overheadBytes({ model, engine: input.engine, maxNumBatchedTokens, maxNumSeqs, ubatch, tensorParallelSize: tp });
	assumptions.push(overhead.assumption);

	// Across all GPUs: weights and KV split over TP ranks, overhead on each rank.
	const kvCacheBytes = kv.fullLayerBytes + kv.slidingLayerBytes;
	const overheadTotal = overhead.bytes * tp;
	return {
		weightsBytes: Math.round(weightsTotal),
		kvCacheBytes: Math.round(kvCacheBytes),
		overheadBytes: Math.round(overheadTotal),
		totalBytes: Math.round(weightsTotal + kvCacheBytes + overheadTotal),
		kvBytesPerToken: kv.fullAttentionLayers * kvBytesPerTokenPerLayer(model, input.kvCacheDtype),
		expertWeightsBytes: Math.round(expertWeightsBytes),
		kv,
		assumptions,
	};
}

/**
 * Memory one configuration needs, summed over all GPUs (with tensorParallelSize N the overhead counts N times).
 * kvBytesPerToken is the KV that grows with each token of context (full-attention layers); sliding-window
 * layers are bounded by the window and counted in kvCacheBytes.
 */
export function estimateMemory(input: EstimateMemoryInput): MemoryEstimate {
	const { weightsBytes, kvCacheBytes, overheadBytes: overhead, totalBytes, kvBytesPerToken } = estimateMemoryDetailed(input);
	return { weightsBytes, kvCacheBytes, overheadBytes: overhead, totalBytes, kvBytesPerToken };
}
