/** Activation widths the engines' overhead models share. */
import type { ModelSpec } from '../../models/types';

/** Width of the activations one token produces in a layer (residual, FFN of the active experts, q/k/v). */
export function perTokenActivation(model: ModelSpec): number {
	const ffn = model.moe ? 2 * model.moe.expertsPerToken * model.moe.expertIntermediateSize : 2 * model.intermediateSize;
	const qkv = (model.numAttentionHeads + 2 * model.numKeyValueHeads) * model.headDim;
	return 4 * model.hiddenSize + ffn + qkv;
}
