/** The model shape the estimator and the picker work on, from the catalog or from a Hugging Face config.json. */
import type { EngineId } from '../engines/registry';
import type { CheckpointKind, Vendor } from '../types';

export type LayerAttention = 'full' | 'sliding';

export interface MoeSpec {
	numExperts: number;
	expertsPerToken: number;
	/** Per-expert FFN width (moe_intermediate_size; gpt-oss: intermediate_size). */
	expertIntermediateSize: number;
	/** How many decoder layers have the MoE block (the others are dense). */
	moeLayerCount: number;
	/** Shared-expert FFN width per MoE layer (0 when none). */
	sharedExpertIntermediateSize: number;
}

export interface PublishedCheckpoint {
	/** Hugging Face repo id, or the page of an engine's own catalog (ollama.com/library/gpt-oss). */
	repo: string;
	/** A format id from lib/knowledge/formats.ts (with `checkpoint`). */
	format: string;
	checkpoint: CheckpointKind;
	/** GGUF file name (first shard for split files). */
	file?: string;
	/** The name an engine's own catalog gives this checkpoint (LM Studio model key, Ollama tag). */
	engineKeys?: Partial<Record<EngineId, string>>;
	/** Offered only when GPUs of this vendor are planned (AMD Quark checkpoints). */
	vendorOnly?: Vendor;
	/** ...and only on these instruction sets ("gfx950"): the recipes use AMD's MXFP4-weights/FP8-activations checkpoint on CDNA 4 only. */
	isaPrefixes?: string[];
	/** Published size of the weights in bytes, when known. */
	sizeBytes?: number;
	note?: string;
	source: string;
}

export interface ModelSpec {
	/** Hugging Face repo id of the original weights, or "custom:<name>". */
	id: string;
	aliases: string[];
	displayName: string;
	/** config.json model_type. */
	modelType: string;
	numLayers: number;
	hiddenSize: number;
	intermediateSize: number;
	numAttentionHeads: number;
	numKeyValueHeads: number;
	/** Explicit head_dim (gpt-oss: 64, not hidden/heads). */
	headDim: number;
	vocabSize: number;
	tieWordEmbeddings: boolean;
	maxContextLength: number;
	moe: MoeSpec | null;
	/** One entry per decoder layer. */
	layerTypes: LayerAttention[];
	slidingWindow: number | null;
	attentionBias: boolean;
	expertBias: boolean;
	/** Format of the original checkpoint: "BF16", "FP16", or e.g. "MXFP4" for gpt-oss. */
	nativeFormat: string;
	checkpoints: PublishedCheckpoint[];
	source: string;
	/** The checkpoint's tensors as its safetensors headers list them (models loaded from the Hugging Face Hub). */
	checkpointTensors?: CheckpointTensors;
}

/** Where a tensor's bytes count: the groups of ParameterGroups, plus `other` (vision tower, projector...) and `notLoaded`. */
export type TensorClass = 'embedding' | 'output' | 'attention' | 'denseMlp' | 'experts' | 'router' | 'smallTensors' | 'other' | 'notLoaded';

/** Exact bytes of a checkpoint, summed from its safetensors headers (data_offsets), per tensor class and dtype. */
export interface CheckpointTensors {
	/** Where the headers were read: the index or the single file, without any token. */
	source: string;
	/** The format id the checkpoint is in (the model's nativeFormat from quantization_config). */
	format: string;
	files: number;
	tensors: number;
	/** Bytes an engine loads: every class but notLoaded. */
	totalBytes: number;
	classes: Record<TensorClass, number>;
	/** Tensor count and bytes per safetensors dtype (BF16, F8_E4M3, U8...). */
	dtypes: Record<string, { tensors: number; bytes: number }>;
	notes: string[];
}

/** Parameter counts per tensor group (logical weights, not bytes). */
export interface ParameterGroups {
	embedding: number;
	/** lm_head; 0 when tied to the embedding. */
	output: number;
	/** q, k, v, o projections over all layers. */
	attention: number;
	/** Dense FFN (and shared experts) over all layers. */
	denseMlp: number;
	/** Routed MoE expert weights over all layers. */
	experts: number;
	router: number;
	/** Norms, biases, attention sinks. */
	smallTensors: number;
	total: number;
	/** Parameters used per token (excluding the embedding lookup). */
	active: number;
}
