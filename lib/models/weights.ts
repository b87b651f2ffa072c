/** Weight bytes of a model in a format: the sum over tensor groups of parameters x bits per weight / 8 (bits from lib/knowledge/formats.ts). */
import { inputError } from '../errors';
import type { CheckpointKind } from '../types';
import { findFormat, FORMATS, type FormatRow } from '../knowledge/formats';
import { parameterGroups } from './parameters';
import type { ModelSpec } from './types';

export interface WeightBytes {
	total: number;
	experts: number;
	/** Bytes per decoder layer outside the experts (attention, dense FFN, router), for layer offload. */
	perLayerNonExpert: number;
	/** Embedding + output + small tensors. */
	nonLayer: number;
}

export function requireFormat(id: string, checkpoint: CheckpointKind): FormatRow {
	const row = findFormat(id, checkpoint);
	if (!row) {
		const known = FORMATS.filter((f) => f.checkpoint === checkpoint).map((f) => f.id);
		throw inputError(
			`Unknown ${checkpoint} format "${id}".`,
			`Use one of: ${known.join(', ')}.`,
		);
	}
	return row;
}

export function weightBytes(model: ModelSpec, format: FormatRow): WeightBytes {
	const groups = parameterGroups(model);
	const bits = format.bitsPerWeight;
	const linearBits = format.quantizes === 'experts' ? format.otherLinearBits : bits;
	// Every format quantizes routed experts; an experts-only format leaves a dense model in otherLinearBits.
	const experts = (groups.experts * bits) / 8;
	const attention = (groups.attention * linearBits) / 8;
	const dense = (groups.denseMlp * linearBits) / 8;
	// Routers stay in high precision except in whole-file GGUF mixes.
	const router = (groups.router * (format.quantizes === 'all' ? bits : format.otherLinearBits)) / 8;
	const embeddingBits = format.quantizes === 'all' ? bits : format.embeddingBits;
	const nonLayer =
		((groups.embedding + groups.output) * embeddingBits) / 8 + (groups.smallTensors * (format.fileAverage ? bits : format.smallTensorBits)) / 8;
	const total = experts + attention + dense + router + nonLayer;
	return {
		total,
		experts,
		perLayerNonExpert: (attention + dense + router) / model.numLayers,
		nonLayer,
	};
}
