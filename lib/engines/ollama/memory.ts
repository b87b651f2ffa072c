/**
 * Ollama holds memory as the llama.cpp it runs: upstream llama-server b9452 from 0.30.0, a vendored ggml from
 * before b7536 up to 0.24 (lib/engines/ollama/support.ts). It launches it with n_ctx = num_ctx x OLLAMA_NUM_PARALLEL
 * and -np OLLAMA_NUM_PARALLEL, and a micro-batch of 512, 1024 above 4096 tokens of context (sched.go at
 * https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/server/sched.go; its 2048 step for
 * contexts above 32768 is kept only with spare VRAM and is not modelled).
 */
import { findFormat } from '../../knowledge/formats';
import { weightBytes } from '../../models/weights';
import { compareEngineVersions } from '../common/versions';
import { llamaCppMemory } from '../llama.cpp';
import type { EngineKnobs, EngineMemoryModel } from '../types';

/** The llama.cpp build an Ollama release runs. */
export function ollamaLlamaCppBuild(version: string | undefined): string {
	return version === undefined || compareEngineVersions(version, '0.30.0') >= 0 ? 'b9452' : 'b7535';
}

function ollamaKnobs(knobs: EngineKnobs, contextLength: number): EngineKnobs {
	return knobs.ubatch !== undefined ? knobs : { ...knobs, ubatch: contextLength > 4096 ? 1024 : 512 };
}

export const ollamaMemory: EngineMemoryModel = {
	...llamaCppMemory,
	/**
	 * The Ollama library's gpt-oss (gpt-oss:20b 14 GB, gpt-oss:120b 65 GB: https://ollama.com/library/gpt-oss) keeps
	 * the experts in MXFP4 and writes every other 2-D tensor as BF16 (tensorBase.Kind in
	 * https://github.com/ollama/ollama/blob/v0.11.0/convert/reader.go), unlike the Q8_0 of llama.cpp's MXFP4_MOE files.
	 * As in llama.cpp the token embeddings stay in system RAM.
	 */
	weightsAsLoaded(input) {
		const { model, format } = input;
		const blob = format.family === 'GGUF-MXFP4' && model.nativeFormat === 'MXFP4';
		const weights = blob ? weightBytes(model, findFormat('MXFP4', 'safetensors')!) : input.weights;
		const onGpu = llamaCppMemory.weightsAsLoaded?.({ ...input, weights }) ?? { weights, describe: () => '' };
		const blobNote = blob ? "Ollama's gpt-oss blob keeps the MoE experts in MXFP4 and the other tensors in BF16, as the original checkpoint does. " : '';
		return weights.embedding > 0 || blob ? { weights: onGpu.weights, describe: () => `${blobNote}${onGpu.describe()}`.trim() } : null;
	},
	kvCache: (input) => llamaCppMemory.kvCache({ ...input, version: ollamaLlamaCppBuild(input.version), knobs: ollamaKnobs(input.knobs, input.contextLength) }),
	overhead: (input) => llamaCppMemory.overhead({ ...input, version: ollamaLlamaCppBuild(input.version), knobs: ollamaKnobs(input.knobs, input.contextLength) }),
};
