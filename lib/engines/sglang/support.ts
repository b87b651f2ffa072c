/**
 * SGLang's execution path per format family and GPU instruction set. The first row that matches wins, so
 * version-specific rows come before broad ones.
 */
import type { SupportRow } from '../types';

const QUANT_DOC =
	'https://github.com/sgl-project/sglang/blob/0f4513c2f46be5ae1e0d9bf0a8f7b5471a8b3d16/docs/advanced_features/quantization.md (platform table; --fp8-gemm-backend, --fp4-gemm-backend)';
const MXFP4 =
	'https://github.com/sgl-project/sglang/blob/bafa16ec882f0c9b7dcfb2c2ed790acb30572c1f/python/sglang/srt/layers/quantization/mxfp4.py (Mxfp4Config.get_min_capability 80; FlashInfer trtllm_fp4_block_scale_moe on SM100; ROCm needs mxfp_supported())';
const DAY0 = 'https://github.com/sgl-project/sglang/issues/8833 (gpt-oss day-0 support: v0.5.0rc2 images for Hopper and Blackwell)';
const SERVER_ARGS =
	'https://github.com/sgl-project/sglang/blob/main/python/sglang/srt/server_args.py (GptOssForCausalLM: flashinfer_mxfp4 MoE on Blackwell, triton_kernel otherwise)';
const SM120_PR = 'https://github.com/sgl-project/sglang/pull/32668 (FlashInfer CUTLASS MXFP4 MoE made the SM120 default, merged 2026-07-28)';
const FP8_MARLIN =
	'https://github.com/sgl-project/sglang/blob/59e54757889549d85bdae9dd129589da1eb5c25d/python/sglang/srt/layers/quantization/marlin_utils_fp8.py ("Your GPU does not have native support for FP8 ... Weight-only FP8 compression ... Marlin")';
const CUTLASS_TYPES = 'https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/functionality.md (TensorOp types per SM)';

export const SGLANG_SUPPORT: readonly SupportRow[] = [
	// ---------------- MXFP4 (gpt-oss experts) ----------------
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 100,
		maxCc: 103,
		execution: 'native',
		kernel: 'FlashInfer TRT-LLM-gen MXFP4 MoE (moe_runner_backend flashinfer_mxfp4, tcgen05 block-scaled MMA)',
		minVersion: '0.5.0',
		note: 'SGLang selects the FlashInfer MXFP4 MoE kernel for gpt-oss on Blackwell by itself.',
		source: `${MXFP4}; ${SERVER_ARGS}; ${DAY0}`,
	},
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'FlashInfer CUTLASS MXFP4 MoE on SM120 (FP4 weights with FP4/FP8 block-scaled activations, mma.sync)',
		minVersion: '0.5.17',
		note: 'PR #32668 (merged 2026-07-28) made FlashInfer CUTLASS MXFP4 MoE the default on RTX 50xx / RTX PRO Blackwell / GB10; v0.5.17 (2026-08-08) is the first release we can date after it.',
		source: `${SM120_PR}; https://github.com/flashinfer-ai/flashinfer/pull/3463 (SM120 grouped MoE accepts (fp4, fp4) and (fp8 activation, fp4 weight)); https://github.com/sgl-project/sglang/releases/tag/v0.5.17`,
	},
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'weight-only',
		kernel: 'Marlin MXFP4 W4A16 (experts dequantized to BF16)',
		minVersion: '0.5.0',
		maxVersion: '0.5.16',
		note: 'Before PR #32668 SGLang ran the experts through Marlin on SM12x (the PR\'s baseline); some 2025 builds did not start there at all (issues #9707, #13061).',
		source: `${SM120_PR}; https://github.com/sgl-project/sglang/issues/9707; https://github.com/sgl-project/sglang/issues/13061`,
	},
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 90,
		maxCc: 90,
		execution: 'weight-only',
		kernel: 'triton_kernels MXFP4 MoE (2025 builds) / Marlin MXFP4 W4A16 (2026 default), BF16 activations',
		minVersion: '0.5.0',
		note: 'Hopper has no FP4 tensor cores; FlashInfer SM90 MXFP4 MoE is an opt-in (--moe-runner-backend flashinfer_mxfp4).',
		source: `${SERVER_ARGS}; ${DAY0}; https://github.com/sgl-project/sglang/pull/24816 ("on SM90 users still default to Marlin")`,
	},
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 89,
		execution: 'weight-only',
		kernel: 'Marlin MXFP4 MoE (Mxfp4MarlinMoEMethod), BF16 activations',
		note: 'The day-0 release asked for Hopper or Blackwell; the Marlin MXFP4 MoE path runs gpt-oss on Ampere and Ada in newer builds.',
		source: `${MXFP4}; https://github.com/sgl-project/sglang/blob/ed3e0bbaa51866fcdd5c2c741f017da05622f53d/python/sglang/srt/layers/quantization/mxfp4_marlin_moe.py`,
	},
	{
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 79,
		execution: 'unsupported',
		kernel: 'none',
		note: 'SGLang\'s Mxfp4Config needs compute capability 8.0: no MXFP4 path on Volta or Turing.',
		source: MXFP4,
	},
	{
		family: 'MXFP4',
		vendor: 'amd',
		isaPrefixes: ['gfx950'],
		execution: 'native',
		kernel: 'AITER MXFP4 MoE (CDNA4 MXFP4 matrix cores, SGLANG_USE_AITER=1)',
		env: { SGLANG_USE_AITER: '1' },
		note: 'MXFP4 on ROCm needs CDNA3/CDNA4 and uses AITER.',
		source: `${QUANT_DOC}; ${MXFP4}`,
	},
	{
		family: 'MXFP4',
		vendor: 'amd',
		isaPrefixes: ['gfx942'],
		execution: 'weight-only',
		kernel: 'AITER / Triton MXFP4 MoE with BF16 activations (CDNA3 has no FP4 matrix cores)',
		env: { SGLANG_USE_AITER: '1' },
		note: 'MXFP4 on ROCm needs CDNA3/CDNA4 and uses AITER.',
		source: `${QUANT_DOC}; ${MXFP4}; https://github.com/ROCm/ROCm/blob/e396b489/docs/reference/precision-support.rst`,
	},
	// ---------------- NVFP4 (ModelOpt FP4) ----------------
	{
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 100,
		maxCc: 103,
		execution: 'native',
		kernel: 'FlashInfer CUTLASS NVFP4 GEMM and MoE (--fp4-gemm-backend auto: flashinfer_cutlass on SM100)',
		note: 'ModelOpt FP4 checkpoints (quantization modelopt_fp4).',
		source: QUANT_DOC,
	},
	{
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'FlashInfer cuDNN NVFP4 GEMM (--fp4-gemm-backend auto on SM120; needs CUDA 13 and cuDNN 9.15)',
		note: 'ModelOpt FP4 checkpoints (quantization modelopt_fp4); without FlashInfer SGLang\'s own CUTLASS kernel is used.',
		source: QUANT_DOC,
	},
	// ---------------- FP8 ----------------
	{
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 89,
		maxCc: 121,
		execution: 'native',
		kernel: 'sgl-kernel CUTLASS / FlashInfer FP8 W8A8 GEMM (blockwise FP8 runs on Triton on SM120)',
		note: 'Also --quantization fp8 quantizes BF16 weights to FP8 at load time.',
		source: QUANT_DOC,
	},
	{
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 88,
		execution: 'weight-only',
		kernel: 'FP8 Marlin W8A16 (chosen automatically on GPUs without FP8 tensor cores)',
		note: 'Weights stay FP8 in memory and are dequantized inside the Marlin kernel.',
		source: FP8_MARLIN,
	},
	{
		family: 'FP8',
		vendor: 'amd',
		isaPrefixes: ['gfx942', 'gfx950'],
		execution: 'native',
		kernel: 'AITER or Triton FP8 W8A8 (FNUZ on gfx942, OCP on gfx950)',
		note: 'MI300X uses the FNUZ FP8 variant.',
		source: QUANT_DOC,
	},
	// ---------------- INT8 W8A8, AWQ / GPTQ ----------------
	{
		family: 'INT8',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 90,
		execution: 'native',
		kernel: 'sgl-kernel CUTLASS int8 scaled GEMM (w8a8_int8)',
		note: 'Per-channel INT8 checkpoints with per-token dynamic activations.',
		source: QUANT_DOC,
	},
	{
		family: 'INT4-W4A16',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 121,
		execution: 'weight-only',
		kernel: 'Marlin W4A16 (awq_marlin / gptq_marlin)',
		note: 'Marlin kernels are CUDA-only.',
		source: QUANT_DOC,
	},
	// ---------------- BF16 / FP16 ----------------
	{
		family: 'BF16',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS / FlashInfer BF16 GEMM',
		note: 'Unquantized weights.',
		source: `${CUTLASS_TYPES}: bf16 from SM80`,
	},
	{
		family: 'FP16',
		vendor: 'nvidia',
		minCc: 75,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS FP16 GEMM',
		note: 'A BF16 checkpoint is cast to FP16 with --dtype half.',
		source: `${CUTLASS_TYPES}: f16 from SM70`,
	},
	{
		family: 'BF16',
		vendor: 'amd',
		isaPrefixes: ['gfx942', 'gfx950'],
		execution: 'native',
		kernel: 'hipBLASLt BF16 GEMM',
		note: 'Unquantized weights on ROCm (MI300X/MI325X/MI350X).',
		source: `${QUANT_DOC}; https://github.com/ROCm/ROCm/blob/e396b489/docs/reference/precision-support.rst`,
	},
];
