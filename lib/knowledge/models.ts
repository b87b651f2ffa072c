/**
 * Model catalog: architecture numbers from each model's Hugging Face config.json, and well-known
 * published checkpoints with their formats. A new model is one row.
 */
import type { LayerAttention, ModelSpec, PublishedCheckpoint } from '../models/types';

const GIB = 1024 ** 3;

function allFull(layers: number): LayerAttention[] {
	return Array.from({ length: layers }, () => 'full' as const);
}

/** gpt-oss: sliding on even layers, full on odd ones (model.py: sliding_window if layer_idx % 2 == 0). */
function alternatingSlidingFirst(layers: number): LayerAttention[] {
	return Array.from({ length: layers }, (_, i) => (i % 2 === 0 ? 'sliding' : 'full'));
}

function hf(repo: string, format: string, extra: Partial<PublishedCheckpoint> = {}): PublishedCheckpoint {
	return { repo, format, checkpoint: 'safetensors', source: `https://huggingface.co/${repo}`, ...extra };
}

function ggufRepo(repo: string, format: string, file: string, extra: Partial<PublishedCheckpoint> = {}): PublishedCheckpoint {
	return { repo, format, checkpoint: 'gguf', file, source: `https://huggingface.co/${repo}`, ...extra };
}

type DenseRow = Pick<
	ModelSpec,
	| 'id'
	| 'aliases'
	| 'displayName'
	| 'modelType'
	| 'numLayers'
	| 'hiddenSize'
	| 'intermediateSize'
	| 'numAttentionHeads'
	| 'numKeyValueHeads'
	| 'headDim'
	| 'vocabSize'
	| 'maxContextLength'
	| 'checkpoints'
>;

function dense(row: DenseRow): ModelSpec {
	return {
		...row,
		tieWordEmbeddings: false,
		moe: null,
		layerTypes: allFull(row.numLayers),
		slidingWindow: null,
		attentionBias: false,
		expertBias: false,
		nativeFormat: 'BF16',
		source: `https://huggingface.co/${row.id}/blob/main/config.json`,
	};
}

const GPT_OSS_SOURCE =
	'https://huggingface.co/openai/gpt-oss-{size}/blob/main/config.json; https://github.com/openai/gpt-oss/blob/7b583341/gpt_oss/torch/model.py';
const OLLAMA_LIBRARY = 'https://ollama.com/library/gpt-oss';

/** An entry of Ollama's own library, converted by Ollama from the original weights. */
function ollamaLibrary(tag: string, format: string, extra: Partial<PublishedCheckpoint>): PublishedCheckpoint {
	return { repo: `ollama.com/library/${tag}`, format, checkpoint: 'gguf', engineKeys: { ollama: tag }, source: OLLAMA_LIBRARY, ...extra };
}

function gptOss(size: '20b' | '120b'): ModelSpec {
	const big = size === '120b';
	const layers = big ? 36 : 24;
	return {
		id: `openai/gpt-oss-${size}`,
		aliases: [`gpt-oss-${size}`, `gpt-oss:${size}`, `gptoss-${size}`],
		displayName: `gpt-oss-${size}`,
		modelType: 'gpt_oss',
		numLayers: layers,
		hiddenSize: 2880,
		intermediateSize: 2880,
		numAttentionHeads: 64,
		numKeyValueHeads: 8,
		headDim: 64,
		vocabSize: 201088,
		tieWordEmbeddings: false,
		maxContextLength: 131072,
		moe: {
			numExperts: big ? 128 : 32,
			expertsPerToken: 4,
			expertIntermediateSize: 2880,
			moeLayerCount: layers,
			sharedExpertIntermediateSize: 0,
		},
		layerTypes: alternatingSlidingFirst(layers),
		slidingWindow: 128,
		attentionBias: true,
		expertBias: true,
		// quantization_config: quant_method mxfp4, modules_to_not_convert self_attn, mlp.router, embed_tokens, lm_head.
		nativeFormat: 'MXFP4',
		checkpoints: big
			? [
					hf('openai/gpt-oss-120b', 'MXFP4', {
						// Model card: 60.8 GiB for the HF safetensors (original/ is 65.2 GB).
						sizeBytes: 60.8 * GIB,
						note: 'Original weights: MoE experts in MXFP4, the rest BF16.',
						source: 'https://huggingface.co/openai/gpt-oss-120b; https://arxiv.org/abs/2508.10925 (model card: 60.8 GiB)',
					}),
					ggufRepo('ggml-org/gpt-oss-120b-GGUF', 'MXFP4', 'gpt-oss-120b-mxfp4-00001-of-00003.gguf', {
						sizeBytes: 59.02 * GIB,
						note: 'Experts kept in MXFP4 (ggml type 39), other tensors Q8_0; 3 shards.',
						source: 'https://huggingface.co/ggml-org/gpt-oss-120b-GGUF/tree/main (3 shards, 59.02 GiB)',
					}),
					ggufRepo('lmstudio-community/gpt-oss-120b-GGUF', 'MXFP4', 'gpt-oss-120b-MXFP4-00001-of-00002.gguf', {
						engineKeys: { lmstudio: 'openai/gpt-oss-120b' },
						note: 'The GGUF LM Studio downloads for openai/gpt-oss-120b.',
						source: 'https://github.com/openai/openai-cookbook/blob/main/articles/gpt-oss/run-locally-lmstudio.md (LM Studio model keys openai/gpt-oss-20b and -120b)',
					}),
					ollamaLibrary('gpt-oss:120b', 'MXFP4', {
						note: "Ollama's conversion: MoE experts in MXFP4, the other tensors in BF16 (65 GB).",
					}),
					hf('amd/gpt-oss-120b-w-mxfp4-a-fp8', 'MXFP4', {
						vendorOnly: 'amd',
						isaPrefixes: ['gfx950'],
						note: 'AMD Quark checkpoint for MI355X: MXFP4 weights, FP8 activations; CDNA 4 (gfx950) only, the generation with MXFP4 and OCP FP8 matrix cores.',
						source:
							'https://huggingface.co/amd/gpt-oss-120b-w-mxfp4-a-fp8; https://github.com/vllm-project/recipes/blob/8959cf64189c71d36e11c6a30335f923f261b1f7/OpenAI/GPT-OSS.md (offered in the MI355X section only); https://github.com/vllm-project/recipes/pull/926 ("native MXFP4 on gfx950 ... emulated on gfx942")',
					}),
				]
			: [
					hf('openai/gpt-oss-20b', 'MXFP4', {
						// HF shards 4.79 + 4.80 + 4.17 GB.
						sizeBytes: 13.76e9,
						note: 'Original weights: MoE experts in MXFP4, the rest BF16.',
						source: 'https://huggingface.co/openai/gpt-oss-20b/tree/main (shards 4.79 + 4.80 + 4.17 GB)',
					}),
					ggufRepo('ggml-org/gpt-oss-20b-GGUF', 'MXFP4', 'gpt-oss-20b-mxfp4.gguf', {
						sizeBytes: 11.27 * GIB,
						note: 'Experts kept in MXFP4 (ggml type 39), other tensors Q8_0.',
						source: 'https://huggingface.co/ggml-org/gpt-oss-20b-GGUF/tree/main (gpt-oss-20b-mxfp4.gguf, 12.11 GB = 11.27 GiB)',
					}),
					ggufRepo('lmstudio-community/gpt-oss-20b-GGUF', 'MXFP4', 'gpt-oss-20b-MXFP4.gguf', {
						engineKeys: { lmstudio: 'openai/gpt-oss-20b' },
						note: 'The GGUF LM Studio downloads for openai/gpt-oss-20b.',
						source: 'https://github.com/openai/openai-cookbook/blob/main/articles/gpt-oss/run-locally-lmstudio.md (LM Studio model keys openai/gpt-oss-20b and -120b)',
					}),
					ollamaLibrary('gpt-oss:20b', 'MXFP4', {
						note: "Ollama's conversion: MoE experts in MXFP4, the other tensors in BF16 (14 GB).",
					}),
				],
		source: GPT_OSS_SOURCE.replace('{size}', size),
	};
}

export const MODELS: readonly ModelSpec[] = [
	gptOss('20b'),
	gptOss('120b'),
	dense({
		id: 'meta-llama/Llama-3.1-8B-Instruct',
		aliases: ['llama-3.1-8b', 'llama3.1-8b', 'llama-3.1-8b-instruct', 'meta-llama/Llama-3.1-8B'],
		displayName: 'Llama 3.1 8B Instruct',
		modelType: 'llama',
		numLayers: 32,
		hiddenSize: 4096,
		intermediateSize: 14336,
		numAttentionHeads: 32,
		numKeyValueHeads: 8,
		headDim: 128,
		vocabSize: 128256,
		maxContextLength: 131072,
		checkpoints: [
			hf('meta-llama/Llama-3.1-8B-Instruct', 'BF16'),
			hf('RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8', 'FP8'),
			hf('RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w8a8', 'INT8'),
			hf('hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4', 'AWQ'),
			hf('hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4', 'GPTQ'),
			hf('nvidia/Llama-3.1-8B-Instruct-FP4', 'NVFP4'),
			ggufRepo('bartowski/Meta-Llama-3.1-8B-Instruct-GGUF', 'Q4_K_M', 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', {
				engineKeys: { lmstudio: 'meta-llama-3.1-8b-instruct' },
			}),
		],
	}),
	dense({
		id: 'meta-llama/Llama-3.1-70B-Instruct',
		aliases: ['llama-3.1-70b', 'llama3.1-70b', 'llama-3.1-70b-instruct', 'meta-llama/Llama-3.1-70B'],
		displayName: 'Llama 3.1 70B Instruct',
		modelType: 'llama',
		numLayers: 80,
		hiddenSize: 8192,
		intermediateSize: 28672,
		numAttentionHeads: 64,
		numKeyValueHeads: 8,
		headDim: 128,
		vocabSize: 128256,
		maxContextLength: 131072,
		checkpoints: [
			hf('meta-llama/Llama-3.1-70B-Instruct', 'BF16'),
			hf('RedHatAI/Meta-Llama-3.1-70B-Instruct-FP8', 'FP8'),
			hf('hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4', 'AWQ'),
			hf('hugging-quants/Meta-Llama-3.1-70B-Instruct-GPTQ-INT4', 'GPTQ'),
			ggufRepo('bartowski/Meta-Llama-3.1-70B-Instruct-GGUF', 'Q4_K_M', 'Meta-Llama-3.1-70B-Instruct-Q4_K_M.gguf'),
		],
	}),
	dense({
		id: 'Qwen/Qwen3-8B',
		aliases: ['qwen3-8b', 'qwen3:8b'],
		displayName: 'Qwen3 8B',
		modelType: 'qwen3',
		numLayers: 36,
		hiddenSize: 4096,
		intermediateSize: 12288,
		numAttentionHeads: 32,
		numKeyValueHeads: 8,
		headDim: 128,
		vocabSize: 151936,
		maxContextLength: 40960,
		checkpoints: [
			hf('Qwen/Qwen3-8B', 'BF16'),
			hf('Qwen/Qwen3-8B-FP8', 'FP8'),
			hf('Qwen/Qwen3-8B-AWQ', 'AWQ'),
			ggufRepo('Qwen/Qwen3-8B-GGUF', 'Q4_K_M', 'Qwen3-8B-Q4_K_M.gguf', { engineKeys: { lmstudio: 'qwen/qwen3-8b' } }),
		],
	}),
	dense({
		id: 'Qwen/Qwen3-32B',
		aliases: ['qwen3-32b', 'qwen3:32b'],
		displayName: 'Qwen3 32B',
		modelType: 'qwen3',
		numLayers: 64,
		hiddenSize: 5120,
		intermediateSize: 25600,
		numAttentionHeads: 64,
		numKeyValueHeads: 8,
		headDim: 128,
		vocabSize: 151936,
		maxContextLength: 40960,
		checkpoints: [
			hf('Qwen/Qwen3-32B', 'BF16'),
			hf('Qwen/Qwen3-32B-FP8', 'FP8'),
			hf('Qwen/Qwen3-32B-AWQ', 'AWQ'),
			ggufRepo('Qwen/Qwen3-32B-GGUF', 'Q4_K_M', 'Qwen3-32B-Q4_K_M.gguf', { engineKeys: { lmstudio: 'qwen/qwen3-32b' } }),
		],
	}),
	{
		id: 'Qwen/Qwen3-30B-A3B',
		aliases: ['qwen3-30b-a3b', 'qwen3:30b-a3b', 'qwen3-30b'],
		displayName: 'Qwen3 30B-A3B',
		modelType: 'qwen3_moe',
		numLayers: 48,
		hiddenSize: 2048,
		intermediateSize: 6144,
		numAttentionHeads: 32,
		numKeyValueHeads: 4,
		headDim: 128,
		vocabSize: 151936,
		tieWordEmbeddings: false,
		maxContextLength: 40960,
		moe: { numExperts: 128, expertsPerToken: 8, expertIntermediateSize: 768, moeLayerCount: 48, sharedExpertIntermediateSize: 0 },
		layerTypes: allFull(48),
		slidingWindow: null,
		attentionBias: false,
		expertBias: false,
		nativeFormat: 'BF16',
		checkpoints: [
			hf('Qwen/Qwen3-30B-A3B', 'BF16'),
			hf('Qwen/Qwen3-30B-A3B-FP8', 'FP8'),
			ggufRepo('Qwen/Qwen3-30B-A3B-GGUF', 'Q4_K_M', 'Qwen3-30B-A3B-Q4_K_M.gguf', { engineKeys: { lmstudio: 'qwen/qwen3-30b-a3b' } }),
		],
		source: 'https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json',
	},
	dense({
		id: 'mistralai/Mistral-Small-24B-Instruct-2501',
		aliases: ['mistral-small-24b', 'mistral-small-3', 'mistral-small-24b-instruct'],
		displayName: 'Mistral Small 24B Instruct (2501)',
		modelType: 'mistral',
		numLayers: 40,
		hiddenSize: 5120,
		intermediateSize: 32768,
		numAttentionHeads: 32,
		numKeyValueHeads: 8,
		headDim: 128,
		vocabSize: 131072,
		maxContextLength: 32768,
		checkpoints: [
			hf('mistralai/Mistral-Small-24B-Instruct-2501', 'BF16'),
			hf('RedHatAI/Mistral-Small-24B-Instruct-2501-FP8-dynamic', 'FP8'),
			ggufRepo('bartowski/Mistral-Small-24B-Instruct-2501-GGUF', 'Q4_K_M', 'Mistral-Small-24B-Instruct-2501-Q4_K_M.gguf'),
		],
	}),
];

function normalize(name: string): string {
	return name.trim().toLowerCase();
}

/** Finds a catalog model by Hugging Face id or alias (case-insensitive). */
export function findModel(nameOrAlias: string): ModelSpec | undefined {
	const wanted = normalize(nameOrAlias);
	return MODELS.find((m) => normalize(m.id) === wanted || m.aliases.some((a) => normalize(a) === wanted));
}
