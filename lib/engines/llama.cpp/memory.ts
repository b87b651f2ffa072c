/**
 * llama.cpp's memory (also LM Studio's and Ollama's, which run llama.cpp): what is free on each GPU holds the
 * weights, a KV cache with padded cells, and per-GPU buffers; part of the model can stay in system RAM.
 */
import { perTokenActivation } from '../shared/activations';
import { kvDetail, padTo } from '../shared/kv';
import type { EngineMemoryModel } from '../types';

const MIB = 1024 ** 2;
/** llama.cpp pads KV cells to 32 (GGML_PAD). */
export const LLAMA_CPP_KV_PAD = 32;
export const LLAMA_CPP_DEFAULT_UBATCH = 512;
/** llama-server / LM Studio context when none is given. */
export const LLAMA_CPP_DEFAULT_CONTEXT = 4096;

export const llamaCppMemory: EngineMemoryModel = {
	budget: ({ gpu }) => gpu.freeBytes ?? gpu.totalBytes,
	/**
	 * cells = GGML_PAD(n_ctx, 32) for full layers, and for the SWA cache min(full, GGML_PAD(window x n_seq + n_ubatch, 32))
	 * (https://github.com/ggml-org/llama.cpp/blob/5bc7a7409fc39d2801b3eeddc9e22fdd4bda718d/src/llama-kv-cache-unified-iswa.cpp; today src/llama-kv-cache-iswa.cpp).
	 */
	kvCache({ model, contextLength, concurrency, dtype, knobs }) {
		const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
		const fullCells = padTo(contextLength * concurrency, LLAMA_CPP_KV_PAD);
		const window = model.slidingWindow ?? contextLength;
		return kvDetail(model, dtype, fullCells, Math.min(fullCells, padTo(window * concurrency + ubatch, LLAMA_CPP_KV_PAD)));
	},
	/**
	 * ~384 MiB CUDA context plus the compute buffer: FP32 logits and layer activations for one micro-batch
	 * (flash attention on, the default, so no ctx x ctx score matrix).
	 */
	overhead({ model, knobs }) {
		const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
		const context = 384 * MIB;
		const compute = ubatch * (model.vocabSize + perTokenActivation(model)) * 4;
		return {
			bytes: context + compute,
			assumption: `llama.cpp overhead per GPU: CUDA context 384 MiB and a compute buffer for a ${ubatch}-token micro-batch (flash attention on).`,
		};
	},
	cpuOffload: true,
};
