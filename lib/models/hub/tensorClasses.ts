/**
 * Which tensor class a checkpoint tensor belongs to, by its name as the transformers model classes
 * write it. Quantization companions (weight_scale_inv, qweight, scales, _blocks...) live under the
 * same module and so count with their weight. The first matching row wins.
 */
import type { TensorClass } from '../types';

const TRANSFORMERS = 'https://github.com/huggingface/transformers/blob/main/src/transformers/models';

export interface TensorClassRule {
	pattern: RegExp;
	class: TensorClass;
	example: string;
	source: string;
}

export const TENSOR_CLASS_RULES: readonly TensorClassRule[] = [
	{
		pattern: /(^|\.)mtp\./,
		class: 'notLoaded',
		example: 'mtp.layers.0.mlp.experts.0.up_proj.weight',
		source: 'https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/qwen3_next_mtp.py (the mtp.* weights are loaded by the MTP draft model, for speculative decoding only)',
	},
	{
		pattern: /(^|\.)(visual|vision_tower|vision_model|vision_encoder|multi_modal_projector|mm_projector|audio_tower)\./,
		class: 'other',
		example: 'model.visual.blocks.0.mlp.fc1.weight, multi_modal_projector.linear_1.weight',
		source: `${TRANSFORMERS}/qwen2_5_vl/modeling_qwen2_5_vl.py; ${TRANSFORMERS}/llava/modeling_llava.py`,
	},
	{ pattern: /\.experts\./, class: 'experts', example: 'model.layers.0.mlp.experts.17.gate_proj.weight, model.layers.0.mlp.experts.gate_up_proj_blocks', source: `${TRANSFORMERS}/qwen3_moe/modeling_qwen3_moe.py; ${TRANSFORMERS}/gpt_oss/modeling_gpt_oss.py; ${TRANSFORMERS}/mixtral/modeling_mixtral.py` },
	{ pattern: /\.(mlp|block_sparse_moe)\.(gate|router)\.|\.shared_expert_gate\./, class: 'router', example: 'model.layers.0.mlp.gate.weight, model.layers.0.mlp.router.bias', source: `${TRANSFORMERS}/qwen3_moe/modeling_qwen3_moe.py; ${TRANSFORMERS}/gpt_oss/modeling_gpt_oss.py; ${TRANSFORMERS}/qwen2_moe/modeling_qwen2_moe.py` },
	{ pattern: /(norm|ln_f|ln_\d+)\.(weight|bias)$|\.bias$|\.sinks$/, class: 'smallTensors', example: 'model.layers.0.input_layernorm.weight, model.layers.0.self_attn.q_norm.weight, model.layers.0.self_attn.sinks', source: `${TRANSFORMERS}/llama/modeling_llama.py; ${TRANSFORMERS}/qwen3/modeling_qwen3.py; ${TRANSFORMERS}/gpt_oss/modeling_gpt_oss.py` },
	{ pattern: /(^|\.)(embed_tokens|wte|word_embeddings|tok_embeddings)\./, class: 'embedding', example: 'model.embed_tokens.weight', source: `${TRANSFORMERS}/llama/modeling_llama.py` },
	{ pattern: /^(lm_head|embed_out|output)\./, class: 'output', example: 'lm_head.weight', source: `${TRANSFORMERS}/llama/modeling_llama.py` },
	{ pattern: /\.(self_attn|attention|attn|self_attention)\./, class: 'attention', example: 'model.layers.0.self_attn.q_proj.weight', source: `${TRANSFORMERS}/llama/modeling_llama.py` },
	{ pattern: /\.(mlp|feed_forward|ffn)\./, class: 'denseMlp', example: 'model.layers.0.mlp.gate_proj.weight, model.layers.3.mlp.shared_experts.up_proj.weight', source: `${TRANSFORMERS}/llama/modeling_llama.py; ${TRANSFORMERS}/deepseek_v3/modeling_deepseek_v3.py` },
];

/** Decoder layers past num_hidden_layers hold multi-token-prediction weights (DeepSeek-V3's layer 61), which engines skip unless speculative decoding is on. */
const LAYER_INDEX = /(?:^|\.)layers\.(\d+)\./;

export function tensorClass(name: string, numLayers: number): TensorClass {
	const layer = LAYER_INDEX.exec(name);
	if (layer && Number(layer[1]) >= numLayers) return 'notLoaded';
	return TENSOR_CLASS_RULES.find((rule) => rule.pattern.test(name))?.class ?? 'other';
}
