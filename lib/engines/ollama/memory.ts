/** Ollama holds memory as llama.cpp does, except for the weights of its own gpt-oss blobs. */
import { findFormat } from '../../knowledge/formats';
import { weightBytes } from '../../models/weights';
import { llamaCppMemory } from '../llama.cpp';
import type { EngineMemoryModel } from '../types';

export const ollamaMemory: EngineMemoryModel = {
	...llamaCppMemory,
	/**
	 * The Ollama library's gpt-oss (gpt-oss:20b 14 GB, gpt-oss:120b 65 GB: https://ollama.com/library/gpt-oss) keeps
	 * the experts in MXFP4 and writes every other 2-D tensor as BF16 (tensorBase.Kind in
	 * https://github.com/ollama/ollama/blob/v0.11.0/convert/reader.go), unlike the Q8_0 of llama.cpp's MXFP4_MOE files.
	 */
	weightsAsLoaded({ model, format }) {
		if (format.family !== 'GGUF-MXFP4' || model.nativeFormat !== 'MXFP4') return null;
		return {
			weights: weightBytes(model, findFormat('MXFP4', 'safetensors')!),
			assumption: "Ollama's gpt-oss blob keeps the MoE experts in MXFP4 and the other tensors in BF16, as the original checkpoint does.",
		};
	},
};
