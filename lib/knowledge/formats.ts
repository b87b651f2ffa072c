/**
 * Weight formats: bits per weight, block layout, and how a format treats each tensor group.
 * Each row names its source: block layouts from ggml-common.h, measured file averages from llama.cpp's quantize README.
 */
import type { CheckpointKind, TensorFormat } from '../types';

/** The key engine-support rows are written against (several formats share one kernel family). */
export type SupportFamily =
	| 'MXFP4'
	| 'NVFP4'
	| 'FP8'
	| 'INT8'
	| 'INT4-W4A16'
	| 'BF16'
	| 'FP16'
	| 'GGUF-MXFP4'
	| 'GGUF-QUANT'
	| 'GGUF-FLOAT';

/** Which tensors take the format's own bits; the others keep `otherLinearBits` / `embeddingBits`. */
export type QuantizedTensors = 'all' | 'linear' | 'experts';

/** Which layers a per-tensor rule of llama-quantize applies to (llama_tensor_get_type in src/llama-quant.cpp). */
export type KQuantLayers =
	| 'all'
	/** i_attention_wv < 2 */
	| 'first-2'
	/** i_layer < n_layer / 16 */
	| 'first-sixteenth'
	/** use_more_bits(i, n): i < n/8, i >= 7n/8, or (i - n/8) % 3 == 2 */
	| 'more-bits'
	/** models with n_head / n_head_kv >= 4 */
	| 'gqa-4';

/** The ggml type a tensor class gets, by layer; the first rule whose layers match wins. */
export type KQuantRule = ReadonlyArray<{ type: string; layers: KQuantLayers }>;

/**
 * llama-quantize's ggml type per tensor class for a K-quant file type. Routers and norms stay F32.
 * Source: llama_tensor_get_type in https://github.com/ggml-org/llama.cpp/blob/007dbbf3fd17eefe9b47fee45f48f7ba5e62b714/src/llama-quant.cpp.
 */
export interface KQuantMix {
	tokenEmbedding: string;
	output: string;
	attentionQK: string;
	attentionV: KQuantRule;
	attentionOutput: string;
	ffnGateUp: string;
	ffnDown: KQuantRule;
}

export interface FormatRow {
	/** The name a candidate shows: MXFP4, NVFP4, FP8, INT8, AWQ, GPTQ, BF16, FP16, or a GGUF type. */
	id: string;
	checkpoint: CheckpointKind;
	family: SupportFamily;
	/** Bits per weight of the quantized tensors, scales included. */
	bitsPerWeight: number;
	/** True when bitsPerWeight is llama.cpp's measured file average of a mix (applied to every tensor). */
	fileAverage: boolean;
	quantizes: QuantizedTensors;
	/** Linear weights the format leaves out (e.g. gpt-oss attention: BF16 in safetensors, Q8_0 in GGUF). */
	otherLinearBits: number;
	embeddingBits: number;
	/** Norms, biases, sinks: BF16 in safetensors, F32 in GGUF. */
	smallTensorBits: number;
	layout: string;
	/** The tensor-core format a native path needs (null: plain FP16/BF16 GEMM). */
	tensorFormat: TensorFormat | null;
	/** ggml tensor type (GGMLQuantizationType) of the quantized tensors, for GGUF rows. */
	ggmlType: number | null;
	/** 0-100: how close to the trained weights (used in ranking; the model's own format counts as 100). */
	quality: number;
	/** K-quant mixes: the type of each tensor class, so MoE models are sized from their own tensors, not a dense average. */
	mix?: KQuantMix;
	source: string;
}

/** Bits per weight of ggml block types (block bytes x 8 / block values, from the block_* structs in ggml-common.h). */
export const GGML_TYPE_BITS: Readonly<Record<string, number>> = {
	F32: 32,
	F16: 16,
	BF16: 16,
	Q8_0: 8.5,
	Q6_K: 6.5625,
	Q5_K: 5.5,
	Q4_K: 4.5,
	Q3_K: 3.4375,
	Q2_K: 2.625,
	Q4_0: 4.5,
	MXFP4: 4.25,
};

const GGML_COMMON = 'https://github.com/ggml-org/llama.cpp/blob/01243c58/ggml/src/ggml-common.h (block_* structs)';
const HF_GGUF_SIZES =
	'https://github.com/huggingface/huggingface.js/blob/main/packages/gguf/src/quant-descriptions.ts (GGML_QUANT_SIZES, copied from llama.cpp gguf-py constants.py)';
const LLAMA_QUANT = 'https://github.com/ggml-org/llama.cpp/blob/007dbbf3fd17eefe9b47fee45f48f7ba5e62b714/src/llama-quant.cpp (llama_tensor_get_type)';
const all = (type: string): KQuantRule => [{ type, layers: 'all' }];
const uniform = (type: string): KQuantMix => ({
	tokenEmbedding: type,
	output: type,
	attentionQK: type,
	attentionV: all(type),
	attentionOutput: type,
	ffnGateUp: type,
	ffnDown: all(type),
});

const QUANTIZE_README =
	'https://github.com/ggml-org/llama.cpp/blob/311c2c9f/tools/quantize/README.md (bits/weight measured on Llama-3.1-8B)';

function gguf(
	id: string,
	bitsPerWeight: number,
	ggmlType: number | null,
	quality: number,
	layout: string,
	source: string,
	fileAverage = true,
	mix?: KQuantMix,
): FormatRow {
	return {
		...(mix ? { mix } : {}),
		id,
		checkpoint: 'gguf',
		family: id === 'F16' || id === 'BF16' ? 'GGUF-FLOAT' : 'GGUF-QUANT',
		bitsPerWeight,
		fileAverage,
		quantizes: 'all',
		otherLinearBits: bitsPerWeight,
		embeddingBits: bitsPerWeight,
		smallTensorBits: 32,
		layout,
		tensorFormat: null,
		ggmlType,
		quality,
		source,
	};
}

export const FORMATS: readonly FormatRow[] = [
	{
		id: 'BF16',
		checkpoint: 'safetensors',
		family: 'BF16',
		bitsPerWeight: 16,
		fileAverage: false,
		quantizes: 'all',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'bfloat16 (1 sign, 8 exponent, 7 mantissa bits), no scales',
		tensorFormat: 'BF16',
		ggmlType: null,
		quality: 100,
		source: 'https://en.wikipedia.org/wiki/Bfloat16_floating-point_format (16 bits per value)',
	},
	{
		id: 'FP16',
		checkpoint: 'safetensors',
		family: 'FP16',
		bitsPerWeight: 16,
		fileAverage: false,
		quantizes: 'all',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'float16 (1 sign, 5 exponent, 10 mantissa bits); a BF16 model cast with --dtype half on GPUs without BF16',
		tensorFormat: 'FP16',
		ggmlType: null,
		quality: 99,
		source: 'https://en.wikipedia.org/wiki/Half-precision_floating-point_format (16 bits per value); https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/functionality.md (no bf16 TensorOps before SM80)',
	},
	{
		id: 'FP8',
		checkpoint: 'safetensors',
		family: 'FP8',
		bitsPerWeight: 8,
		fileAverage: false,
		quantizes: 'linear',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'E4M3 weights with per-tensor, per-channel or per-block (128x128) FP32 scales (negligible); embeddings and lm_head stay BF16',
		tensorFormat: 'FP8',
		ggmlType: null,
		quality: 96,
		source: 'https://github.com/vllm-project/vllm/blob/main/docs/features/quantization/llm_compressor/fp8.md (FP8 E4M3 weights with per-tensor or per-channel scales)',
	},
	{
		id: 'INT8',
		checkpoint: 'safetensors',
		family: 'INT8',
		bitsPerWeight: 8,
		fileAverage: false,
		quantizes: 'linear',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'W8A8: int8 weights with per-channel scales, int8 activations with per-token scales (llm-compressor)',
		tensorFormat: 'INT8',
		ggmlType: null,
		quality: 94,
		source: 'https://docs.vllm.ai/en/latest/features/quantization/ (llm-compressor INT8 W8A8 row)',
	},
	{
		id: 'AWQ',
		checkpoint: 'safetensors',
		family: 'INT4-W4A16',
		// 4-bit weights + one FP16 scale and one packed 4-bit zero point per group of 128: 4 + 16/128 + 4/128.
		bitsPerWeight: 4 + 16 / 128 + 4 / 128,
		fileAverage: false,
		quantizes: 'linear',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'int4 weights, group 128: FP16 scale + packed 4-bit zero point per group = 4.15625 bits/weight; lm_head and embeddings stay FP16',
		tensorFormat: null,
		ggmlType: null,
		quality: 82,
		source: 'Derived from the group-128 layout of https://huggingface.co/hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4/blob/main/config.json (bits 4, group_size 128, zero_point)',
	},
	{
		id: 'GPTQ',
		checkpoint: 'safetensors',
		family: 'INT4-W4A16',
		bitsPerWeight: 4 + 16 / 128 + 4 / 128,
		fileAverage: false,
		quantizes: 'linear',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: 'int4 weights, group 128: FP16 scale + packed 4-bit qzero per group = 4.15625 bits/weight (g_idx ignored); lm_head and embeddings stay FP16',
		tensorFormat: null,
		ggmlType: null,
		quality: 81,
		source: 'Derived from the group-128 layout of https://huggingface.co/hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4/blob/main/config.json (bits 4, group_size 128)',
	},
	{
		id: 'NVFP4',
		checkpoint: 'safetensors',
		family: 'NVFP4',
		// 16 E2M1 values (8 bytes) + one FP8 E4M3 scale (1 byte) per 16 = 4.5; the per-tensor FP32 scale is negligible.
		bitsPerWeight: 4.5,
		fileAverage: false,
		quantizes: 'linear',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: '16 x E2M1 + 1 x UE4M3 (FP8) scale per 16 values, plus one FP32 scale per tensor; lm_head and embeddings stay BF16',
		tensorFormat: 'NVFP4',
		ggmlType: null,
		quality: 85,
		source: 'https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/blackwell_functionality.md (nv_float4_t: E2M1 with a UE4M3 scale per 16 values)',
	},
	{
		id: 'MXFP4',
		checkpoint: 'safetensors',
		family: 'MXFP4',
		// 32 E2M1 values (16 bytes) + one E8M0 scale (1 byte) = 17 bytes per 32 = 4.25.
		bitsPerWeight: 4.25,
		fileAverage: false,
		quantizes: 'experts',
		otherLinearBits: 16,
		embeddingBits: 16,
		smallTensorBits: 16,
		layout: '32 x E2M1 (16 B) + 1 x E8M0 scale (1 B) per 32 values = 4.25 bits; gpt-oss: MoE expert weights only, everything else BF16',
		tensorFormat: 'MXFP4',
		ggmlType: null,
		quality: 86,
		source: 'https://github.com/openai/gpt-oss/blob/7b583341/gpt_oss/torch/weights.py (32 FP4 values in 16 bytes + a uint8 E8M0 scale); https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json (quantization_config.modules_to_not_convert)',
	},
	{
		id: 'MXFP4',
		checkpoint: 'gguf',
		family: 'GGUF-MXFP4',
		bitsPerWeight: 4.25,
		fileAverage: false,
		quantizes: 'experts',
		otherLinearBits: 8.5,
		embeddingBits: 8.5,
		smallTensorBits: 32,
		layout: 'ggml type 39 (block_mxfp4: uint8 E8M0 + 16 B of E2M1 per 32 = 4.25 bits) for the MoE experts; other tensors Q8_0, norms/biases F32 (ftype MXFP4_MOE)',
		tensorFormat: 'MXFP4',
		ggmlType: 39,
		quality: 86,
		source: `${GGML_COMMON}; https://github.com/ggml-org/llama.cpp/blob/master/src/llama-quant.cpp (MXFP4_MOE: "MoE tensors -> MXFP4, other tensors -> Q8_0")`,
	},
	gguf('F16', 16.0005, 1, 99, 'IEEE half per weight', QUANTIZE_README),
	gguf('BF16', 16, 30, 100, 'bfloat16 per weight', HF_GGUF_SIZES, false),
	gguf('Q8_0', 8.5008, 8, 97, 'blocks of 32: FP16 scale + 32 x int8 = 34 B (8.5 bits); file average 8.5008', `${QUANTIZE_README}; ${LLAMA_QUANT}`, true, uniform('Q8_0')),
	gguf('Q6_K', 6.5633, 14, 93, 'super-blocks of 256: 210 B (6.5625 bits); file average 6.5633', `${QUANTIZE_README}; ${LLAMA_QUANT}`, true, uniform('Q6_K')),
	gguf('Q5_K_M', 5.7036, 13, 90, 'mix: mostly Q5_K (176 B per 256 = 5.5 bits) with some Q6_K; file average 5.7036', `${QUANTIZE_README}; ${LLAMA_QUANT}`, true, {
		tokenEmbedding: 'Q5_K',
		output: 'Q6_K',
		attentionQK: 'Q5_K',
		attentionV: [{ type: 'Q6_K', layers: 'more-bits' }, { type: 'Q5_K', layers: 'all' }],
		attentionOutput: 'Q5_K',
		ffnGateUp: 'Q5_K',
		ffnDown: [{ type: 'Q6_K', layers: 'more-bits' }, { type: 'Q5_K', layers: 'all' }],
	}),
	gguf('Q4_K_M', 4.8944, 12, 86, 'mix: mostly Q4_K (144 B per 256 = 4.5 bits) with some Q6_K / Q8_0; file average 4.8944', `${QUANTIZE_README}; ${LLAMA_QUANT}`, true, {
		tokenEmbedding: 'Q4_K',
		output: 'Q6_K',
		attentionQK: 'Q4_K',
		attentionV: [{ type: 'Q6_K', layers: 'more-bits' }, { type: 'Q4_K', layers: 'all' }],
		attentionOutput: 'Q4_K',
		ffnGateUp: 'Q4_K',
		ffnDown: [{ type: 'Q6_K', layers: 'more-bits' }, { type: 'Q4_K', layers: 'all' }],
	}),
	gguf(
		'Q3_K_M',
		// quantize.cpp lists Q3_K_M at 3.74G vs Q4_K_M at 4.58G on Llama-3-8B; scaled from Q4_K_M's measured 4.8944 bits.
		(4.8944 * 3.74) / 4.58,
		11,
		74,
		'mix: mostly Q3_K (110 B per 256 = 3.4375 bits) with Q4_K/Q5_K/Q6_K for attention and output; file average ≈ 4.00',
		`ggml-org/llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS ("Q3_K_M 3.74G" vs "Q4_K_M 4.58G" @ Llama-3-8B), scaled by the README Q4_K_M bpw; ${LLAMA_QUANT}`,
		true,
		{
			tokenEmbedding: 'Q3_K',
			output: 'Q6_K',
			attentionQK: 'Q3_K',
			attentionV: [{ type: 'Q5_K', layers: 'first-2' }, { type: 'Q4_K', layers: 'all' }],
			attentionOutput: 'Q4_K',
			ffnGateUp: 'Q3_K',
			ffnDown: [{ type: 'Q5_K', layers: 'first-sixteenth' }, { type: 'Q4_K', layers: 'all' }],
		},
	),
	gguf('Q2_K', 3.1593, 10, 60, 'mix: mostly Q2_K (84 B per 256 = 2.625 bits); file average 3.1593', `${QUANTIZE_README}; ${LLAMA_QUANT}`, true, {
		tokenEmbedding: 'Q2_K',
		output: 'Q6_K',
		attentionQK: 'Q2_K',
		attentionV: [{ type: 'Q4_K', layers: 'gqa-4' }, { type: 'Q3_K', layers: 'all' }],
		attentionOutput: 'Q3_K',
		ffnGateUp: 'Q2_K',
		ffnDown: all('Q3_K'),
	}),
	gguf('Q4_0', 4.5, 2, 80, 'blocks of 32: FP16 scale + 16 B = 18 B (4.5 bits)', `${GGML_COMMON}; ${HF_GGUF_SIZES}`, false),
	gguf('Q5_K', 5.5, 13, 89, 'super-blocks of 256: 176 B (5.5 bits)', `${GGML_COMMON}; ${HF_GGUF_SIZES}`, false),
	gguf('Q4_K', 4.5, 12, 84, 'super-blocks of 256: 144 B (4.5 bits)', `${GGML_COMMON}; ${HF_GGUF_SIZES}`, false),
	gguf('Q3_K', 3.4375, 11, 70, 'super-blocks of 256: 110 B (3.4375 bits)', `${GGML_COMMON}; ${HF_GGUF_SIZES}`, false),
];

/** The GGUF ladder offered for models whose weights are BF16, best quality first. */
export const GGUF_LADDER: readonly string[] = ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q3_K_M', 'Q2_K'];

export function findFormat(id: string, checkpoint: CheckpointKind): FormatRow | undefined {
	const wanted = id.toUpperCase();
	return FORMATS.find((row) => row.checkpoint === checkpoint && row.id.toUpperCase() === wanted);
}
