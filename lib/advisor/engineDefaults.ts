/**
 * Engine defaults a user gets when leaving options out, and the runtime overhead model (gpu-quant.md §4.4).
 */
import type { Engine } from '../types';
import type { ModelSpec } from '../models/types';
import { LLAMA_CPP_DEFAULT_UBATCH } from './kvCache';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** vLLM --gpu-memory-utilization default (0.90; 0.92 in some 2026 builds, vllm/config/cache.py). */
export const VLLM_DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;
/** llama-server / LM Studio context when none is given. */
export const LLAMA_CPP_DEFAULT_CONTEXT = 4096;

/**
 * vLLM's OpenAI-server batch defaults: GPUs with >= 70 GiB that are not A100 get 8192 batched tokens and
 * 1024 sequences, others 2048 and 256 (vllm/engine/arg_utils.py EngineArgs.get_batch_defaults).
 */
export function vllmBatchDefaults(gpuMemoryBytes: number, gpuName: string): { maxNumBatchedTokens: number; maxNumSeqs: number } {
	const big = gpuMemoryBytes >= 70 * GIB && !/a100/i.test(gpuName);
	return big ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
}

export interface OverheadInput {
	model: ModelSpec;
	engine: Engine;
	maxNumBatchedTokens: number;
	maxNumSeqs: number;
	ubatch: number;
	tensorParallelSize: number;
}

/** Width of the activations one token produces in a layer's FFN (gate+up outputs of the active experts). */
function activeFfnWidth(model: ModelSpec): number {
	return model.moe ? 2 * model.moe.expertsPerToken * model.moe.expertIntermediateSize : 2 * model.intermediateSize;
}

/**
 * Per-GPU overhead besides weights and KV.
 * vLLM: ~1 GiB CUDA context and non-torch memory (+0.5 GiB NCCL buffers with TP), ~0.5 GiB CUDA graphs,
 * the profile run's activations at max_num_batched_tokens (BF16) and the sampler's FP32 logits for max_num_seqs.
 * llama.cpp / LM Studio: ~384 MiB CUDA context plus the compute buffer: FP32 logits and layer activations for one
 * micro-batch (flash attention on, the default, so no ctx x ctx score matrix).
 */
export function overheadBytes(input: OverheadInput): { bytes: number; assumption: string } {
	const { model } = input;
	const h = model.hiddenSize;
	const qkv = (model.numAttentionHeads + 2 * model.numKeyValueHeads) * model.headDim;
	const perTokenActivation = 4 * h + activeFfnWidth(model) + qkv;
	if (input.engine === 'vllm') {
		const context = GIB + (input.tensorParallelSize > 1 ? GIB / 2 : 0);
		const graphs = GIB / 2;
		const activations = (input.maxNumBatchedTokens * perTokenActivation * 2) / input.tensorParallelSize;
		const logits = input.maxNumSeqs * model.vocabSize * 4;
		return {
			bytes: context + graphs + activations + logits,
			assumption:
				`vLLM overhead per GPU: CUDA context and non-torch memory ${(context / GIB).toFixed(1)} GiB, CUDA graphs 0.5 GiB, ` +
				`activations for ${input.maxNumBatchedTokens} batched tokens and sampler logits for ${input.maxNumSeqs} sequences.`,
		};
	}
	const context = 384 * MIB;
	const compute = input.ubatch * (model.vocabSize + perTokenActivation) * 4;
	return {
		bytes: context + compute,
		assumption: `llama.cpp overhead per GPU: CUDA context 384 MiB and a compute buffer for a ${input.ubatch}-token micro-batch (flash attention on).`,
	};
}

export { LLAMA_CPP_DEFAULT_UBATCH };
