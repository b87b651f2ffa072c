/** Parameter counts per tensor group, derived from the architecture numbers of a model. */
import type { ModelSpec, ParameterGroups } from './types';

export function parameterGroups(model: ModelSpec): ParameterGroups {
	const h = model.hiddenSize;
	const qWidth = model.numAttentionHeads * model.headDim;
	const kvWidth = model.numKeyValueHeads * model.headDim;
	const layers = model.numLayers;

	const embedding = model.vocabSize * h;
	const output = model.tieWordEmbeddings ? 0 : model.vocabSize * h;
	const attentionPerLayer = h * qWidth + 2 * h * kvWidth + qWidth * h;
	const attention = attentionPerLayer * layers;

	const moe = model.moe;
	const moeLayers = moe ? Math.min(moe.moeLayerCount, layers) : 0;
	const denseLayers = layers - moeLayers;
	// Gated FFN (gate, up, down): 3 x hidden x width.
	const denseMlp =
		3 * h * model.intermediateSize * denseLayers + (moe ? 3 * h * moe.sharedExpertIntermediateSize * moeLayers : 0);
	const expertPerLayer = moe ? 3 * h * moe.expertIntermediateSize : 0;
	const experts = moe ? expertPerLayer * moe.numExperts * moeLayers : 0;
	const router = moe ? h * moe.numExperts * moeLayers : 0;

	const norms = 2 * h * layers + h;
	const attentionBiases = model.attentionBias ? (qWidth + 2 * kvWidth + h) * layers : 0;
	// gpt-oss also keeps one learned sink per head and a router bias.
	const sinks = model.attentionBias ? model.numAttentionHeads * layers : 0;
	const expertBiases =
		moe && model.expertBias ? (2 * moe.expertIntermediateSize + h) * moe.numExperts * moeLayers + moe.numExperts * moeLayers : 0;
	const smallTensors = norms + attentionBiases + sinks + expertBiases;

	const total = embedding + output + attention + denseMlp + experts + router + smallTensors;
	const activeExperts = moe ? expertPerLayer * moe.expertsPerToken * moeLayers : 0;
	const active = (output || embedding) + attention + denseMlp + activeExperts + router;
	return { embedding, output, attention, denseMlp, experts, router, smallTensors, total, active };
}
