/**
 * A custom model from a Hugging Face config.json object: the same ModelSpec the catalog holds.
 * Reads the usual field names of Llama/Qwen/Mistral/Mixtral/gpt-oss/Gemma-style configs.
 */
import { inputError } from '../errors';
import { formatFromQuantizationConfig } from './quantizationFormats';
import type { LayerAttention, ModelSpec, MoeSpec } from './types';

export { formatFromQuantizationConfig } from './quantizationFormats';

type Json = Record<string, unknown>;

function num(config: Json, ...keys: string[]): number | undefined {
	for (const key of keys) {
		const value = config[key];
		if (typeof value === 'number' && Number.isFinite(value)) return value;
	}
	return undefined;
}

function required(config: Json, label: string, ...keys: string[]): number {
	const value = num(config, ...keys);
	if (value === undefined || value <= 0) {
		throw inputError(
			`The model config has no ${label} (${keys.join(' / ')}).`,
			'Give the model\'s config.json from Hugging Face (it has num_hidden_layers, hidden_size, num_attention_heads, vocab_size ...).',
		);
	}
	return value;
}

function moeSpec(config: Json, layers: number, intermediate: number): MoeSpec | null {
	const numExperts = num(config, 'num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts');
	if (!numExperts || numExperts <= 1) return null;
	const expertsPerToken = num(config, 'num_experts_per_tok', 'experts_per_token', 'num_experts_per_token', 'moe_top_k') ?? 2;
	const expertIntermediateSize = num(config, 'moe_intermediate_size', 'expert_intermediate_size') ?? intermediate;
	const shared =
		num(config, 'shared_expert_intermediate_size') ??
		(num(config, 'n_shared_experts') ?? 0) * expertIntermediateSize;

	let moeLayerCount = layers;
	const firstDense = num(config, 'first_k_dense_replace');
	if (firstDense !== undefined) moeLayerCount = layers - firstDense;
	const step = num(config, 'decoder_sparse_step');
	if (step !== undefined && step > 1) moeLayerCount = Math.floor(layers / step);
	const mlpOnly = config.mlp_only_layers;
	if (Array.isArray(mlpOnly)) moeLayerCount -= mlpOnly.length;
	return {
		numExperts,
		expertsPerToken,
		expertIntermediateSize,
		moeLayerCount: Math.max(0, moeLayerCount),
		sharedExpertIntermediateSize: shared,
	};
}

function layerAttention(config: Json, layers: number): { layerTypes: LayerAttention[]; slidingWindow: number | null } {
	const window = num(config, 'sliding_window');
	const full = (): LayerAttention[] => Array.from({ length: layers }, () => 'full' as const);
	if (config.use_sliding_window === false || !window) return { layerTypes: full(), slidingWindow: null };

	const types = config.layer_types;
	if (Array.isArray(types) && types.length === layers) {
		const layerTypes = types.map((t): LayerAttention => (String(t).includes('sliding') ? 'sliding' : 'full'));
		return { layerTypes, slidingWindow: layerTypes.includes('sliding') ? window : null };
	}
	// Gemma-style: every Nth layer is global, the others slide.
	const pattern = num(config, 'sliding_window_pattern');
	if (pattern && pattern > 1) {
		const layerTypes = Array.from({ length: layers }, (_, i): LayerAttention => ((i + 1) % pattern === 0 ? 'full' : 'sliding'));
		return { layerTypes, slidingWindow: window };
	}
	// Mistral-7B-style: every layer slides.
	return { layerTypes: Array.from({ length: layers }, () => 'sliding' as const), slidingWindow: window };
}

/** Builds a ModelSpec from a parsed config.json object. */
export function modelFromConfig(raw: unknown, name?: string): ModelSpec {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		throw inputError('The model config must be a JSON object (a config.json).', 'Paste the config.json object, or give its URL or path.');
	}
	const outer = raw as Json;
	// Multimodal configs nest the language model under text_config.
	const config: Json = outer.text_config && typeof outer.text_config === 'object' ? { ...outer, ...(outer.text_config as Json) } : outer;

	const numLayers = required(config, 'layer count', 'num_hidden_layers', 'n_layer', 'num_layers');
	const hiddenSize = required(config, 'hidden size', 'hidden_size', 'n_embd', 'd_model');
	const numAttentionHeads = required(config, 'attention head count', 'num_attention_heads', 'n_head');
	const vocabSize = required(config, 'vocabulary size', 'vocab_size');
	const intermediateSize = num(config, 'intermediate_size', 'ffn_hidden_size', 'n_inner') ?? 4 * hiddenSize;
	const numKeyValueHeads = num(config, 'num_key_value_heads', 'num_kv_heads', 'n_head_kv') ?? numAttentionHeads;
	const headDim = num(config, 'head_dim') ?? hiddenSize / numAttentionHeads;
	if (!Number.isInteger(headDim)) {
		throw inputError('The model config gives no head_dim and hidden_size is not a multiple of num_attention_heads.', 'Add head_dim to the config.');
	}
	const maxContextLength = num(config, 'max_position_embeddings', 'n_positions', 'max_sequence_length', 'seq_length') ?? 4096;
	const moe = moeSpec(config, numLayers, intermediateSize);
	const { layerTypes, slidingWindow } = layerAttention(config, numLayers);
	const quantFormat = formatFromQuantizationConfig(config);
	const dtype = String(config.torch_dtype ?? config.dtype ?? 'bfloat16').toLowerCase();
	const modelType = String(config.model_type ?? 'unknown');
	const label = name ?? (typeof config._name_or_path === 'string' && config._name_or_path ? config._name_or_path : modelType);

	return {
		id: `custom:${label}`,
		aliases: [],
		displayName: `${label} (custom config)`,
		modelType,
		numLayers,
		hiddenSize,
		intermediateSize,
		numAttentionHeads,
		numKeyValueHeads,
		headDim,
		vocabSize,
		tieWordEmbeddings: config.tie_word_embeddings === true,
		maxContextLength,
		moe,
		layerTypes,
		slidingWindow,
		attentionBias: config.attention_bias === true || modelType === 'gpt_oss',
		expertBias: modelType === 'gpt_oss',
		nativeFormat: quantFormat ?? (dtype.includes('float16') && !dtype.includes('bfloat') ? 'FP16' : 'BF16'),
		checkpoints: [],
		source: 'custom config.json',
	};
}
