/**
 * Weight bytes of a model in a format: the sum over tensor groups of parameters x bits per weight / 8 (bits from
 * lib/knowledge/formats.ts). K-quant GGUF mixes are summed tensor class by tensor class as llama-quantize types them,
 * so a MoE model whose experts dominate is not sized with a dense model's file average.
 */
import { inputError } from '../errors';
import type { CheckpointKind } from '../types';
import { findFormat, FORMATS, GGML_TYPE_BITS, type FormatRow, type KQuantLayers, type KQuantMix, type KQuantRule } from '../knowledge/formats';
import { parameterGroups } from './parameters';
import type { ModelSpec } from './types';

export interface WeightBytes {
	/** Where exact bytes came from (a checkpoint's safetensors headers); absent when counted from parameters. */
	exactFrom?: string;
	total: number;
	experts: number;
	/** Bytes per decoder layer outside the experts (attention, dense FFN, router), for layer offload. */
	perLayerNonExpert: number;
	/** Embedding + output + small tensors. */
	nonLayer: number;
	/** The token embedding table (a lookup, not read in full per token; llama.cpp keeps it in system RAM). */
	embedding: number;
}

export function requireFormat(id: string, checkpoint: CheckpointKind): FormatRow {
	const row = findFormat(id, checkpoint);
	if (!row) {
		const known = FORMATS.filter((f) => f.checkpoint === checkpoint).map((f) => f.id);
		throw inputError(`Unknown ${checkpoint} format "${id}".`, `Use one of: ${known.join(', ')}.`);
	}
	return row;
}

function layerMatches(layers: KQuantLayers, i: number, n: number, model: ModelSpec): boolean {
	switch (layers) {
		case 'first-2':
			return i < 2;
		case 'first-sixteenth':
			return i < Math.floor(n / 16);
		case 'more-bits':
			return i < Math.floor(n / 8) || i >= Math.floor((7 * n) / 8) || (i - Math.floor(n / 8)) % 3 === 2;
		case 'gqa-4':
			return model.numAttentionHeads / model.numKeyValueHeads >= 4;
		default:
			return true;
	}
}

/** Mean bits of a rule over the layers (each layer takes the first rule that matches it). */
function ruleBits(rule: KQuantRule, model: ModelSpec): number {
	const n = model.numLayers;
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const hit = rule.find((r) => layerMatches(r.layers, i, n, model)) ?? rule[rule.length - 1];
		sum += GGML_TYPE_BITS[hit.type];
	}
	return sum / n;
}

function mixBytes(model: ModelSpec, mix: KQuantMix): WeightBytes {
	const groups = parameterGroups(model);
	const bits = (type: string) => GGML_TYPE_BITS[type];
	const h = model.hiddenSize;
	const layers = model.numLayers;
	const qWidth = model.numAttentionHeads * model.headDim;
	const kvWidth = model.numKeyValueHeads * model.headDim;
	const attention =
		(layers * (h * qWidth + h * kvWidth) * bits(mix.attentionQK) +
			layers * h * kvWidth * ruleBits(mix.attentionV, model) +
			layers * qWidth * h * bits(mix.attentionOutput)) /
		8;
	// Gated FFNs and experts: gate + up take ffnGateUp, down takes ffnDown.
	const down = ruleBits(mix.ffnDown, model);
	const ffn = (params: number) => ((params * 2) / 3) * bits(mix.ffnGateUp) / 8 + (params / 3) * down / 8;
	const experts = ffn(groups.experts);
	const dense = ffn(groups.denseMlp);
	// Routers (ffn_gate_inp), norms and biases stay F32.
	const router = (groups.router * 32) / 8;
	const embedding = (groups.embedding * bits(mix.tokenEmbedding)) / 8;
	const output = (groups.output * bits(mix.output)) / 8;
	const nonLayer = embedding + output + (groups.smallTensors * 32) / 8;
	return {
		total: attention + experts + dense + router + nonLayer,
		experts,
		perLayerNonExpert: (attention + dense + router) / layers,
		nonLayer,
		embedding,
	};
}

/** Weight bytes per model object and format row: planning asks for the same pair many times. */
const cache = new WeakMap<ModelSpec, Map<FormatRow, WeightBytes>>();

export function weightBytes(model: ModelSpec, format: FormatRow): WeightBytes {
	let byFormat = cache.get(model);
	if (!byFormat) cache.set(model, (byFormat = new Map()));
	let bytes = byFormat.get(format);
	if (!bytes) byFormat.set(format, (bytes = Object.freeze(computeWeightBytes(model, format))));
	return bytes;
}

const SIXTEEN_BIT = new Set(['BF16', 'FP16']);

/** The checkpoint the headers describe, or a 16-bit cast of it (BF16 served as FP16 has the same bytes). */
function describesCheckpoint(model: ModelSpec, format: FormatRow): boolean {
	const read = model.checkpointTensors;
	if (!read || format.checkpoint !== 'safetensors') return false;
	return format.id === read.format || (SIXTEEN_BIT.has(format.id) && SIXTEEN_BIT.has(read.format));
}

/** Exact bytes per tensor class from the headers; the per-layer share as parameterGroups spreads it. */
function headerBytes(model: ModelSpec): WeightBytes {
	const { classes, totalBytes, source } = model.checkpointTensors!;
	return {
		exactFrom: source,
		total: totalBytes,
		experts: classes.experts,
		perLayerNonExpert: (classes.attention + classes.denseMlp + classes.router) / model.numLayers,
		nonLayer: classes.embedding + classes.output + classes.smallTensors + classes.other,
		embedding: classes.embedding,
	};
}

function computeWeightBytes(model: ModelSpec, format: FormatRow): WeightBytes {
	if (describesCheckpoint(model, format)) return headerBytes(model);
	if (format.mix) return mixBytes(model, format.mix);
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
	const embedding = (groups.embedding * embeddingBits) / 8;
	const nonLayer = embedding + (groups.output * embeddingBits) / 8 + (groups.smallTensors * (format.fileAverage ? bits : format.smallTensorBits)) / 8;
	const total = experts + attention + dense + router + nonLayer;
	return {
		total,
		experts,
		perLayerNonExpert: (attention + dense + router) / model.numLayers,
		nonLayer,
		embedding,
	};
}
