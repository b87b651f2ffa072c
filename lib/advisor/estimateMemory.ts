/** estimateMemory: weights + KV cache + engine overhead for one model, format, engine and context. */
import { inputError } from '../errors';
import type { MemoryEstimate } from '../types';
import { engineProfile } from '../engines/registry';
import { kvBytesPerTokenPerLayer } from '../engines/common/kv';
import type { SupportRow, UsableGpu } from '../engines/types';
import { resolveModelSync } from '../models/load';
import type { ModelSpec } from '../models/types';
import { requireFormat, weightBytes } from '../models/weights';
import { usableGpus } from './gpus';
import { supportFor } from './support';
import type { EstimateMemoryInput, MemoryEstimateDetail } from './types';

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

/**
 * Memory over all GPUs of a tensor-parallel group (weights split, KV heads per GPU, the overhead once per GPU).
 * `gpu`: the GPU planned for (batch defaults, CUDA's visible memory); `support`: the engine's support row in use
 * (the MoE kernel's weight layout).
 */
export function estimateMemoryDetailed(input: EstimateMemoryInput, gpu: UsableGpu | null = null, support: SupportRow | null = null): MemoryEstimateDetail {
	const profile = engineProfile(input.engine);
	const model = resolveModel(input.model);
	const contextLength = requirePositiveInteger(input.contextLength, 'contextLength');
	const concurrency = requirePositiveInteger(input.concurrency, 'concurrency', 1);
	const format = requireFormat(input.format, input.checkpoint ?? profile.checkpoint);
	const tp = requirePositiveInteger(input.tensorParallelSize, 'tensorParallelSize', 1);
	const knobs = {
		maxNumBatchedTokens: input.maxNumBatchedTokens,
		maxNumSeqs: input.maxNumSeqs,
		ubatch: input.ubatch,
		tensorParallelSize: tp,
		enforceEager: input.enforceEager,
		blockSize: input.blockSize,
		flashAttention: input.flashAttention,
		backend: input.backend,
	};
	const version = input.engineVersion;
	const context = { version, support, gpu };
	const notes: Array<() => string> = [];

	let weights = weightBytes(model, format);
	let weightsTotal = weights.total;
	let expertWeightsBytes = weights.experts;
	let embeddingBytes = weights.embedding;
	if (input.gguf) {
		weightsTotal = input.gguf.weightBytes;
		expertWeightsBytes = input.gguf.expertWeightBytes;
		embeddingBytes = 0;
		notes.push(() => `Weights are the exact tensor bytes of ${input.gguf?.source}.`);
	} else {
		const exactFrom = weights.exactFrom;
		if (exactFrom) notes.push(() => `Weights are the exact tensor bytes of the checkpoint's safetensors headers (${exactFrom}).`);
		const loaded = profile.memory.weightsAsLoaded?.({ model, format, weights, tensorParallelSize: tp, ...context });
		if (loaded) {
			weights = loaded.weights;
			weightsTotal = weights.total;
			expertWeightsBytes = weights.experts;
			embeddingBytes = weights.embedding;
			notes.push(loaded.describe);
		} else if (!exactFrom) {
			notes.push(() => `Weights from parameter counts x ${format.bitsPerWeight.toFixed(4).replace(/0+$/, '')} bits per weight (${format.layout}).`);
		}
	}

	const kvDtype = profile.kvCacheDtype(input.kvCacheDtype).dtype;
	const kv = profile.memory.kvCache({ model, contextLength, concurrency, dtype: kvDtype, knobs, ...context });
	if (kv.slidingLayers > 0) {
		notes.push(
			() => `${kv.slidingLayers} sliding-window layers (window ${model.slidingWindow}) hold ${kv.slidingCells} cells; ${kv.fullAttentionLayers} full-attention layers hold ${kv.fullCells}.`,
		);
	}
	if (kv.kvHeadsPerRank * tp > model.numKeyValueHeads) {
		notes.push(() => `Tensor parallelism ${tp} exceeds the ${model.numKeyValueHeads} KV heads: each GPU holds ${kv.kvHeadsPerRank} (heads replicated).`);
	}
	const overhead = profile.memory.overhead({ model, knobs, tensorParallelSize: tp, contextLength, concurrency, kv, ...context });
	notes.push(overhead.describe);

	// Across all GPUs: weights split over TP ranks, KV and overhead on each rank.
	const kvCacheBytes = (kv.fullLayerBytes + kv.slidingLayerBytes) * tp;
	const overheadTotal = overhead.bytes * tp;
	return {
		weightsBytes: Math.round(weightsTotal),
		kvCacheBytes: Math.round(kvCacheBytes),
		overheadBytes: Math.round(overheadTotal),
		totalBytes: Math.round(weightsTotal + kvCacheBytes + overheadTotal),
		kvBytesPerToken: kv.fullAttentionLayers * kvBytesPerTokenPerLayer(model, kvDtype, tp) * tp,
		expertWeightsBytes: Math.round(expertWeightsBytes),
		embeddingBytes: Math.round(embeddingBytes),
		overheadParts: overhead.parts,
		kv,
		// Sentences are built only when read: planning estimates many variants.
		get assumptions() {
			return notes.map((note) => note());
		},
	};
}

/**
 * Memory one configuration needs, summed over all GPUs (with tensorParallelSize N the overhead counts N times).
 * kvBytesPerToken is the KV that grows with each token of context (full-attention layers); sliding-window
 * layers are bounded as the engine bounds them and counted in kvCacheBytes. With `gpu` (and `engineVersion`) the
 * estimate uses that GPU's batch defaults and the kernel the engine runs there.
 */
export function estimateMemory(input: EstimateMemoryInput): MemoryEstimate {
	let gpu: UsableGpu | null = null;
	let support: SupportRow | null = null;
	if (input.gpu !== undefined) {
		gpu = usableGpus([input.gpu])[0];
		const profile = engineProfile(input.engine);
		const format = requireFormat(input.format, input.checkpoint ?? profile.checkpoint);
		support = supportFor(profile.id, format, gpu.gpu, input.engineVersion).row;
	}
	const { weightsBytes, kvCacheBytes, overheadBytes: overhead, totalBytes, kvBytesPerToken } = estimateMemoryDetailed(input, gpu, support);
	return { weightsBytes, kvCacheBytes, overheadBytes: overhead, totalBytes, kvBytesPerToken };
}
