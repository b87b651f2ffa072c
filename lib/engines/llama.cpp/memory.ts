/**
 * llama.cpp's memory (also LM Studio's and Ollama's, which run llama.cpp): what is free on each GPU holds the model
 * buffer (the weights less the token embeddings, which stay in system RAM), the KV buffers (full and sliding-window
 * layers, padded cells, one stream per sequence in current builds) and the compute buffer; part of the model can
 * stay in system RAM. Buffers as llama.cpp prints them at load (llama_kv_cache, "compute buffer size").
 */
import { tokensCapacity } from '../common/capacity';
import { compareEngineVersions } from '../common/versions';
import { kvDetail, padTo } from '../common/kv';
import type { EngineKnobs, EngineMemoryModel, GgufBackend, KvCacheDetail, UsableGpu } from '../types';
import type { ModelSpec } from '../../models/types';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
export const LLAMA_CPP_DEFAULT_UBATCH = 512;
/** llama-server / LM Studio context when none is given. */
export const LLAMA_CPP_DEFAULT_CONTEXT = 4096;
/** CUDA / ROCm context and cuBLAS workspaces, outside the printed buffers. */
export const LLAMA_CPP_CONTEXT_BYTES = 384 * MIB;
/**
 * The build that pads every KV cache to 256 cells (https://github.com/ggml-org/llama.cpp/pull/17046, merged 2025-11-06)
 * and sizes sliding-window caches per sequence stream (issue #17037). Before it: 256 with flash attention, 32 without
 * (https://github.com/ggml-org/llama.cpp/pull/7257). b6918 (the DGX Spark bench, early November 2025) is the last
 * build the corpus shows from before.
 */
export const LLAMA_CPP_PAD_256_BUILD = 'b6990';
/** Vulkan drivers cap one allocation (maxMemoryAllocationSize) at 4 GiB ("we cannot allocate buffers larger than 4GB", https://github.com/ggml-org/llama.cpp/issues/15009). */
export const BACKEND_MAX_ALLOCATION: Partial<Record<GgufBackend, number>> = { vulkan: 4 * GIB };

function currentBuild(version: string | undefined): boolean {
	return version === undefined || !/^b?\d+/.test(version) || compareEngineVersions(version, LLAMA_CPP_PAD_256_BUILD) >= 0;
}

export function flashAttentionOn(knobs: EngineKnobs): boolean {
	return knobs.flashAttention ?? true;
}

/** The backend llama.cpp runs on: as given, else CUDA on NVIDIA, ROCm on AMD, Metal on Apple. */
export function backendOf(knobs: EngineKnobs, gpu: UsableGpu | null): GgufBackend {
	if (knobs.backend) return knobs.backend;
	const vendor = gpu?.gpu.vendor;
	return vendor === 'amd' ? 'rocm' : vendor === 'apple' ? 'metal' : 'cuda';
}

/** KV streams: current builds keep one per sequence (-np), older ones one unified stream. */
export function llamaCppKvStreams(concurrency: number, version: string | undefined): number {
	return currentBuild(version) ? concurrency : 1;
}

/**
 * KV cells. Full layers: n_ctx padded (256, or 32 without flash attention before b6990). Sliding-window layers:
 * GGML_PAD(min(size, window x n_seq + n_ubatch), pad) in one unified stream (older builds), per sequence
 * stream GGML_PAD(min(ctx, window + n_ubatch), 256) in current ones (llama-kv-cache-iswa.cpp,
 * https://github.com/ggml-org/llama.cpp/blob/5bc7a7409fc39d2801b3eeddc9e22fdd4bda718d/src/llama-kv-cache-unified-iswa.cpp).
 */
export function llamaCppKvCells(
	model: ModelSpec,
	contextLength: number,
	concurrency: number,
	knobs: EngineKnobs,
	version: string | undefined,
): { full: number; sliding: number } {
	const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
	const window = model.slidingWindow ?? contextLength;
	if (currentBuild(version)) {
		const streams = concurrency;
		return {
			full: padTo(contextLength, 256) * streams,
			sliding: padTo(Math.min(contextLength, window + ubatch), 256) * streams,
		};
	}
	const pad = flashAttentionOn(knobs) ? 256 : 32;
	const full = padTo(contextLength * concurrency, pad);
	return { full, sliding: Math.min(full, padTo(window * concurrency + ubatch, pad)) };
}

/**
 * The compute buffer: the larger of FP32 logits for one micro-batch and (flash attention off) the KQ scores of one
 * micro-batch against the whole cache for every head, plus one micro-batch of hidden and FFN activations.
 * Checked on Llama-3-8B (560 MiB at n_ctx 8192, ub 512, FA off: llama.cpp-rtx-3090-llama-3-8b-1), Qwen3-30B-A3B
 * (4757131264 B at 70016 cells, FA off: llama.cpp-radeon-8060s-qwen3-30b-a3b-1) and gpt-oss-120b (796 MiB at ub 1024,
 * FA on: ollama-radeon-8060s-gpt-oss-120b-1).
 */
export function llamaCppComputeBytes(model: ModelSpec, kv: KvCacheDetail, knobs: EngineKnobs, concurrency: number): number {
	const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
	const logits = ubatch * model.vocabSize * 4;
	const cellsPerStream = kv.fullCells / Math.max(1, concurrency);
	const scores = flashAttentionOn(knobs) ? 0 : ubatch * cellsPerStream * model.numAttentionHeads * 4;
	const ffn = model.moe ? model.moe.expertIntermediateSize : model.intermediateSize;
	return Math.max(logits, scores) + ubatch * (model.hiddenSize + ffn) * 4;
}

/** Everything but the start-up check (lib/engines/llama.cpp/startup.ts), which index.ts adds. */
export const llamaCppMemoryTerms: Omit<EngineMemoryModel, 'startup'> = {
	budget: ({ gpu }) => gpu.freeBytes ?? gpu.totalBytes,
	/** The token embeddings stay in system RAM (CPU_Mapped): the lookup runs on the CPU. */
	weightsAsLoaded({ weights }) {
		if (weights.embedding <= 0) return null;
		return {
			weights: { ...weights, total: weights.total - weights.embedding, nonLayer: weights.nonLayer - weights.embedding, embedding: 0 },
			describe: () => `The token embeddings (${(weights.embedding / GIB).toFixed(2)} GiB) stay in system RAM (CPU_Mapped), as llama.cpp keeps them.`,
		};
	},
	kvCache({ model, contextLength, concurrency, dtype, knobs, version }) {
		const cells = llamaCppKvCells(model, contextLength, concurrency, knobs, version);
		return kvDetail(model, dtype, cells.full, cells.sliding);
	},
	overhead({ model, knobs, kv, concurrency, gpu }) {
		const compute = llamaCppComputeBytes(model, kv, knobs, concurrency);
		const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
		return {
			bytes: LLAMA_CPP_CONTEXT_BYTES + compute,
			parts: [
				{ name: 'compute buffer', bytes: compute },
				{ name: `${backendOf(knobs, gpu).toUpperCase()} context`, bytes: LLAMA_CPP_CONTEXT_BYTES },
			],
			describe: () => `llama.cpp per GPU: compute buffer ${(compute / MIB).toFixed(0)} MiB for a ${ubatch}-token micro-batch (flash attention ${flashAttentionOn(knobs) ? 'on' : 'off'}) and ${LLAMA_CPP_CONTEXT_BYTES / MIB} MiB of backend context.`,
		};
	},
	cpuOffload: true,
	capacity: (input) => tokensCapacity(input),
};
