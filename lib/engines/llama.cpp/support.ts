/**
 * llama.cpp's execution path for GGUF per GPU instruction set (also what LM Studio's and Ollama's
 * llama.cpp runtimes do). The first row that matches wins.
 */
import type { SupportRow } from '../types';

const MMQ =
	'https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-cuda/mmq.cuh (load_tiles_mxfp4 -> int8, vec_dot_q8_0_q8_1_mma / dp4a); https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-cuda/vecdotq.cuh (vec_dot_mxfp4_q8_1)';
const BLACKWELL_FP4 =
	'https://github.com/ggml-org/llama.cpp/pull/17906 ("CUDA: experimental native mxfp4 support for blackwell", merged 2025-12-24, release b7536); https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-cuda/common.cuh (BLACKWELL_MMA_AVAILABLE for CC 12.x only)';
const GPT_OSS_PR = 'https://github.com/ggml-org/llama.cpp/pull/15091 (MXFP4 for CUDA, Vulkan, Metal and CPU)';
const METAL = 'https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-metal/ggml-metal.metal (kernel_mul_mm / kernel_mul_mv)';

export const LLAMA_CPP_SUPPORT: readonly SupportRow[] = [
	{
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'mma.sync kind::mxf4.block_scale m16n8k64 (activations quantized to MXFP4)',
		minVersion: 'b7536',
		note: 'Needs a CUDA >= 12.8 build with 120a/121a targets (the default build adds them).',
		source: `${BLACKWELL_FP4}; https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-cuda/CMakeLists.txt`,
	},
	{
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'int8-dot',
		kernel: 'MMQ: MXFP4 expanded to int8, Q8_0 int8 tensor-core MMA / dp4a with Q8_1 activations',
		maxVersion: 'b7535',
		note: 'Builds before PR #17906 had no FP4 tensor-core path.',
		source: `${MMQ}; ${BLACKWELL_FP4}`,
	},
	{
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 110,
		execution: 'int8-dot',
		kernel: 'MMQ: MXFP4 expanded to int8, Q8_0 int8 tensor-core MMA (Turing+) or dp4a, Q8_1 activations',
		note: "llama.cpp's native FP4 path covers only the 12.x family, so B200/B300 (sm_100/103) also use int8 dot products. MXFP4 GGUF exists since PR #15091 (2025-08-05).",
		source: `${MMQ}; ${BLACKWELL_FP4}`,
	},
	{
		family: 'GGUF-QUANT',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 121,
		execution: 'int8-dot',
		kernel: 'MMQ / MMVQ: quantized blocks dot Q8_1 activations with int8 MMA or dp4a',
		note: 'K-quants and legacy quants use integer dot products on CUDA.',
		source: MMQ,
	},
	{
		family: 'GGUF-FLOAT',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS FP16/BF16 GEMM',
		note: 'Unquantized GGUF.',
		source: 'https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-cuda/ggml-cuda.cu (cuBLAS for F16/BF16 weights)',
	},
	{
		family: 'GGUF-MXFP4',
		vendor: 'amd',
		execution: 'int8-dot',
		kernel: 'ROCm MMQ (HIP build of the CUDA kernels): MXFP4 expanded to int8',
		note: 'Vulkan builds also run MXFP4.',
		source: `${MMQ}; ${GPT_OSS_PR}`,
	},
	{
		family: 'GGUF-QUANT',
		vendor: 'amd',
		execution: 'int8-dot',
		kernel: 'ROCm MMQ int8 dot products',
		note: 'HIP build of the CUDA backend.',
		source: MMQ,
	},
	{
		family: 'GGUF-FLOAT',
		vendor: 'amd',
		execution: 'native',
		kernel: 'hipBLAS FP16 GEMM',
		note: 'Unquantized GGUF.',
		source: 'https://github.com/ROCm/ROCm/blob/e396b489/docs/reference/precision-support.rst',
	},
	{
		family: 'GGUF-MXFP4',
		vendor: 'apple',
		execution: 'weight-only',
		kernel: 'Metal mul_mm: blocks dequantized to half in threadgroup memory, simdgroup matrix multiply',
		note: 'Apple GPUs have no FP4/int8 matrix units; LM Studio can also use MLX on Apple.',
		source: `${GPT_OSS_PR}; ${METAL}`,
	},
	{
		family: 'GGUF-QUANT',
		vendor: 'apple',
		execution: 'weight-only',
		kernel: 'Metal mul_mm / mul_mv with in-kernel dequantization',
		note: 'LM Studio can also use MLX on Apple.',
		source: METAL,
	},
	{
		family: 'GGUF-FLOAT',
		vendor: 'apple',
		execution: 'native',
		kernel: 'Metal simdgroup FP16 matrix multiply',
		note: 'Unquantized GGUF.',
		source: METAL,
	},
];
