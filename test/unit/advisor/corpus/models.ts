/**
 * Models of the log corpus that the catalog does not hold, as the fields of their public Hugging Face config.json
 * (each with its URL). Only what the estimator reads is copied.
 */
import { findModel } from '../../../../lib/knowledge/models';
import { modelFromConfig } from '../../../../lib/models/fromConfig';
import type { ModelSpec } from '../../../../lib/models/types';

function config(name: string, source: string, fields: Record<string, unknown>): ModelSpec {
	return { ...modelFromConfig(fields, name), source };
}

function withContext(id: string, maxContextLength: number): ModelSpec {
	return { ...findModel(id)!, maxContextLength };
}

const LLAMA_70B = {
	model_type: 'llama',
	num_hidden_layers: 80,
	hidden_size: 8192,
	intermediate_size: 28672,
	num_attention_heads: 64,
	num_key_value_heads: 8,
	vocab_size: 128256,
	max_position_embeddings: 131072,
};

const QWEN3_30B_A3B = {
	model_type: 'qwen3_moe',
	num_hidden_layers: 48,
	hidden_size: 2048,
	intermediate_size: 6144,
	moe_intermediate_size: 768,
	num_experts: 128,
	num_experts_per_tok: 8,
	num_attention_heads: 32,
	num_key_value_heads: 4,
	head_dim: 128,
	vocab_size: 151936,
	max_position_embeddings: 262144,
	mlp_only_layers: [],
};

export const CORPUS_MODELS: Record<string, ModelSpec> = {
	'openai/gpt-oss-20b': findModel('openai/gpt-oss-20b')!,
	'openai/gpt-oss-120b': findModel('openai/gpt-oss-120b')!,
	'ggml-org/gpt-oss-120b-GGUF': findModel('openai/gpt-oss-120b')!,
	'ggml-org/gpt-oss-20b-GGUF': findModel('openai/gpt-oss-20b')!,
	'unsloth/gpt-oss-120b-GGUF': findModel('openai/gpt-oss-120b')!,
	'unsloth/gpt-oss-20b-GGUF': findModel('openai/gpt-oss-20b')!,
	'gabriellarson/gpt-oss-120b-GGUF': findModel('openai/gpt-oss-120b')!,
	'meta-llama/Llama-3.1-8B-Instruct': findModel('meta-llama/Llama-3.1-8B-Instruct')!,
	'Qwen/Qwen3-32B': findModel('Qwen/Qwen3-32B')!,
	// Meta-Llama-3-8B: the Llama 3.1 8B shapes with an 8192-token context.
	'meta-llama/Meta-Llama-3-8B': withContext('meta-llama/Llama-3.1-8B-Instruct', 8192),
	'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic': config('Llama-3.3-70B-Instruct-FP8-dynamic', 'https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json', LLAMA_70B),
	'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B': config('DeepSeek-R1-Distill-Qwen-14B', 'https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-14B/blob/main/config.json', {
		model_type: 'qwen2',
		num_hidden_layers: 48,
		hidden_size: 5120,
		intermediate_size: 13824,
		num_attention_heads: 40,
		num_key_value_heads: 8,
		vocab_size: 152064,
		max_position_embeddings: 131072,
	}),
	// The text model of Mistral3ForConditionalGeneration (the vision tower, ~0.4 B parameters, is not counted).
	'mistralai/Mistral-Small-3.2-24B-Instruct-2506': config('Mistral-Small-3.2-24B', 'https://huggingface.co/mistralai/Mistral-Small-3.1-24B-Instruct-2503/blob/main/config.json (same text_config)', {
		model_type: 'mistral',
		num_hidden_layers: 40,
		hidden_size: 5120,
		intermediate_size: 32768,
		num_attention_heads: 32,
		num_key_value_heads: 8,
		head_dim: 128,
		vocab_size: 131072,
		max_position_embeddings: 131072,
	}),
	'Qwen/Qwen3-235B-A22B-FP8': config('Qwen3-235B-A22B-FP8', 'https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json', {
		model_type: 'qwen3_moe',
		num_hidden_layers: 94,
		hidden_size: 4096,
		intermediate_size: 12288,
		moe_intermediate_size: 1536,
		num_experts: 128,
		num_experts_per_tok: 8,
		num_attention_heads: 64,
		num_key_value_heads: 4,
		head_dim: 128,
		vocab_size: 151936,
		max_position_embeddings: 40960,
		mlp_only_layers: [],
	}),
	'Qwen/Qwen3-30B-A3B': findModel('Qwen/Qwen3-30B-A3B')!,
	'unsloth/Qwen3-30B-A3B-Thinking-2507-GGUF': config('Qwen3-30B-A3B-Thinking-2507', 'https://huggingface.co/Qwen/Qwen3-30B-A3B-Thinking-2507/blob/main/config.json', QWEN3_30B_A3B),
	'ggml-org/Qwen3-Coder-30B-A3B-Instruct-Q8_0-GGUF': config('Qwen3-Coder-30B-A3B-Instruct', 'https://huggingface.co/Qwen/Qwen3-Coder-30B-A3B-Instruct/blob/main/config.json', QWEN3_30B_A3B),
};
