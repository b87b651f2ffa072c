/**
 * Engine x format family x GPU instruction set: the execution path each engine takes, with the kernel,
 * the versions where the behaviour holds, and the source. Rows key on NVIDIA compute capability
 * (sm_100 and sm_120 are different rows), AMD gfx targets and Apple; never on marketing names.
 * LM Studio runs GGUF through its bundled llama.cpp, so it uses the llama.cpp rows (MLX exists only on Apple).
 * The first row that matches wins, so version-specific and narrow rows come before broad ones.
 */
import type { ExecutionPath, Vendor } from '../types';
import type { SupportFamily } from './formats';

export type SupportEngine = 'vllm' | 'llama.cpp';

export interface EngineSupportRow {
	engine: SupportEngine;
	family: SupportFamily;
	/** Restrict the row to some format ids of the family (e.g. AWQ vs GPTQ on Volta). */
	formats?: string[];
	vendor: Vendor;
	/** NVIDIA compute capability range, inclusive, written as major*10+minor (12.0 -> 120). */
	minCc?: number;
	maxCc?: number;
	/** AMD gfx target prefixes ("gfx942", "gfx11"). */
	isaPrefixes?: string[];
	execution: ExecutionPath;
	kernel: string;
	/** First release with this behaviour: vLLM "0.10.2", llama.cpp build "b7536". */
	minVersion?: string;
	/** Last release known to behave like this (inclusive). */
	maxVersion?: string;
	/** Announced in an open pull request, in no release: never applied, only mentioned. */
	pending?: boolean;
	/** Environment variables the engine needs for this path. */
	env?: Record<string, string>;
	note: string;
	source: string;
}

const VLLM_TABLE = 'docs.vllm.ai/en/latest/features/quantization/ hardware table (vllm.md §3.1)';
const VLLM_MXFP4 = 'vllm-project/vllm vllm/model_executor/layers/quantization/mxfp4.py backend selection (vllm.md §4.2)';
const VLLM_FP8_DOC =
	'vllm-project/vllm docs/features/quantization/llm_compressor/fp8.md: "FP8 computation is supported on NVIDIA GPUs with compute capability >= 8.9 ... will run on compute capability >= 7.5 (Turing) as weight-only W8A16, utilizing FP8 Marlin" (vllm.md §3.3)';
const LLAMA_MMQ =
	'ggml-org/llama.cpp ggml/src/ggml-cuda/mmq.cuh load_tiles_mxfp4 -> int8, vec_dot_q8_0_q8_1_mma / dp4a; vecdotq.cuh vec_dot_mxfp4_q8_1 (lmstudio.md §6.4)';
const LLAMA_BW_FP4 =
	'ggml-org/llama.cpp PR #17906 "CUDA: experimental native mxfp4 support for blackwell", merged 2025-12-24 (release b7536); common.h BLACKWELL_MMA_AVAILABLE for CC 12.x only (lmstudio.md §6.4)';

export const ENGINE_SUPPORT: readonly EngineSupportRow[] = [
	// ---------------- vLLM, MXFP4 (gpt-oss experts) ----------------
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 100,
		maxCc: 103,
		execution: 'native',
		kernel: 'FlashInfer TRT-LLM-gen MXFP4 MoE with MXFP8 activations (tcgen05 block-scaled MMA)',
		minVersion: '0.10.1',
		maxVersion: '0.10.1',
		env: { VLLM_USE_FLASHINFER_MXFP4_MOE: '1' },
		note: 'The 0.10.1 launch recipes named the MXFP8-activation switch VLLM_USE_FLASHINFER_MXFP4_MOE.',
		source: `${VLLM_MXFP4}; vllm.md §4.3 (environment variables by vintage)`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 100,
		maxCc: 103,
		execution: 'native',
		kernel: 'FlashInfer TRT-LLM-gen MXFP4 MoE with MXFP8 activations (tcgen05 block-scaled MMA)',
		minVersion: '0.10.2',
		env: { VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8: '1' },
		note: 'Without the variable vLLM keeps BF16 activations (SM100_FI_MXFP4_BF16); the Blackwell recipe sets it on compute capability 10.0.',
		source: `${VLLM_MXFP4}; vllm-project/recipes@c033a835 OpenAI/GPT-OSS.md (vllm.md §4.4)`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'CUTLASS MXFP4 W4A4 MoE on SM12x',
		pending: true,
		note: 'vLLM PR #51158 (open, 2026-08-05) would run the experts on SM12x FP4 tensor cores; an earlier attempt, PR #37751, was closed unmerged.',
		source: 'github.com/vllm-project/vllm/pull/51158; github.com/vllm-project/vllm/pull/37751',
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'weight-only',
		kernel: 'Marlin MXFP4 W4A16 (experts dequantized to BF16); TRITON_ATTN attention',
		minVersion: '0.10.1',
		note: 'Released vLLM checks is_device_capability_family(100), which 12.x does not match, so MXFP4 MoE falls back to Marlin on RTX 50xx / RTX PRO Blackwell / GB10 (seen on 0.13.0 and 0.17.0).',
		source: 'github.com/vllm-project/vllm/issues/31085 (0.13.0, RTX PRO 6000); github.com/vllm-project/vllm/issues/40153 (0.17.0); vllm.md §4.2',
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 90,
		maxCc: 90,
		execution: 'weight-only',
		kernel: 'OpenAI Triton triton_kernels matmul_ogs with BF16 activations (Marlin when triton_kernels is missing)',
		minVersion: '0.10.1',
		note: 'Hopper has no FP4 tensor cores; MXFP4 experts are dequantized inside the kernel.',
		source: `${VLLM_MXFP4}; vLLM blog 2025-08-05 "Hopper GPUs (e.g., H100, H200): Triton matmul_ogs kernel"`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 89,
		execution: 'weight-only',
		kernel: 'Marlin MXFP4 W4A16 (get_device_capability()[0] < 9 -> MARLIN); TRITON_ATTN attention',
		minVersion: '0.10.1',
		note: 'The A100 recipe section runs gpt-oss through Marlin with Triton attention.',
		source: `${VLLM_MXFP4}; vllm-project/recipes OpenAI/GPT-OSS.md "A100" section`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 79,
		execution: 'unsupported',
		kernel: 'none',
		note: 'Mxfp4Config.get_min_capability() is 80 and "Turing does not support Marlin MXFP4": no vLLM MXFP4 path on Volta or Turing.',
		source: `${VLLM_TABLE} footnote; ${VLLM_MXFP4}`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'amd',
		isaPrefixes: ['gfx950'],
		execution: 'native',
		kernel: 'ROCm AITER / Triton MXFP4 MoE (CDNA4 MXFP4 matrix cores)',
		note: 'The MI355X recipe also offers amd/gpt-oss-120b-w-mxfp4-a-fp8 (MXFP4 weights, FP8 activations).',
		source: `${VLLM_MXFP4} (is_rocm() and has_triton_kernels() -> TRITON); vllm-project/recipes 2026-03-11 (vllm.md §4.2)`,
	},
	{
		engine: 'vllm',
		family: 'MXFP4',
		vendor: 'amd',
		isaPrefixes: ['gfx942'],
		execution: 'weight-only',
		kernel: 'ROCm Triton triton_kernels MXFP4 MoE with BF16 activations',
		note: 'CDNA3 has no FP4 matrix cores; openai/gpt-oss-120b runs as shipped through Triton.',
		source: `${VLLM_MXFP4}; gpu-quant.md §2.4 (MI300X row)`,
	},
	// ---------------- vLLM, NVFP4 ----------------
	{
		engine: 'vllm',
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 100,
		maxCc: 103,
		execution: 'native',
		kernel: 'CUTLASS / FlashInfer NVFP4 GEMM and MoE (tcgen05 kind::mxf4nvf4)',
		note: 'ModelOpt (modelopt_fp4) and compressed-tensors W4A4 NVFP4 checkpoints.',
		source: 'vllm-project/vllm docs/features/quantization/modelopt.md (vllm.md §3.3)',
	},
	{
		engine: 'vllm',
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'CUTLASS SM120 NVFP4 GEMM (mma.sync kind::mxf4nvf4.block_scale)',
		minVersion: '0.12.0',
		note: 'GB10 (sm_121) needs vLLM >= 0.12.0; W4A16_NVFP4 checkpoints still go to Marlin on 12.x.',
		source: 'vllm.md §3.3 (NVFP4 "SM120/121 in newer releases"; github.com/vllm-project/vllm/issues/30163; issue #47749)',
	},
	{
		engine: 'vllm',
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 90,
		execution: 'weight-only',
		kernel: 'Marlin FP4 W4A16 ("Weight-only FP4 compression will be used leveraging the Marlin kernel")',
		note: 'is_fp4_marlin_supported: capability >= 80.',
		source: 'vllm-project/vllm marlin_utils_fp4; docs modelopt.md; issue #31085 (vllm.md §3.3)',
	},
	{
		engine: 'vllm',
		family: 'NVFP4',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 79,
		execution: 'unsupported',
		kernel: 'none',
		note: 'FP4 Marlin needs compute capability 8.0 or newer.',
		source: 'vllm.md §3.3 (is_fp4_marlin_supported: capability >= 80)',
	},
	// ---------------- vLLM, FP8 ----------------
	{
		engine: 'vllm',
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 89,
		maxCc: 121,
		execution: 'native',
		kernel: 'CUTLASS FP8 W8A8 scaled GEMM (Ada/Hopper/Blackwell FP8 tensor cores)',
		note: 'Also --quantization fp8 quantizes BF16 weights to FP8 at load time.',
		source: VLLM_FP8_DOC,
	},
	{
		engine: 'vllm',
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 88,
		execution: 'weight-only',
		kernel: 'FP8 Marlin W8A16 (weights dequantized to BF16/FP16)',
		minVersion: '0.5.2',
		note: 'FP8 Marlin landed in July 2024 (PR #5975).',
		source: `${VLLM_FP8_DOC}; vllm-project/vllm PR #5975`,
	},
	{
		engine: 'vllm',
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 75,
		maxCc: 79,
		execution: 'weight-only',
		kernel: 'FP8 Marlin W8A16',
		note: 'Turing support is in the 2026 docs; older docs said compute capability 8.0.',
		source: VLLM_FP8_DOC,
	},
	{
		engine: 'vllm',
		family: 'FP8',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 72,
		execution: 'unsupported',
		kernel: 'none',
		note: 'No FP8 path on Volta (Marlin is not available).',
		source: VLLM_TABLE,
	},
	{
		engine: 'vllm',
		family: 'FP8',
		vendor: 'amd',
		isaPrefixes: ['gfx942', 'gfx950', 'gfx12'],
		execution: 'native',
		kernel: 'ROCm FP8 W8A8 (FNUZ on gfx942, OCP on gfx950/RDNA4)',
		note: 'MI300X uses the FNUZ FP8 variant.',
		source: `${VLLM_TABLE} (FP8 W8A8, AMD GPU); gpu-quant.md §2.4`,
	},
	// ---------------- vLLM, INT8 W8A8 ----------------
	{
		engine: 'vllm',
		family: 'INT8',
		vendor: 'nvidia',
		minCc: 75,
		maxCc: 90,
		execution: 'native',
		kernel: 'CUTLASS int8 scaled GEMM (W8A8)',
		note: 'The official table has no Blackwell column; Volta is not supported.',
		source: `${VLLM_TABLE} (llm-compressor INT8 W8A8 row)`,
	},
	{
		engine: 'vllm',
		family: 'INT8',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 72,
		execution: 'unsupported',
		kernel: 'none',
		note: 'INT8 W8A8 is not supported on Volta.',
		source: VLLM_TABLE,
	},
	// ---------------- vLLM, AWQ / GPTQ int4 ----------------
	{
		engine: 'vllm',
		family: 'INT4-W4A16',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 121,
		execution: 'weight-only',
		kernel: 'Marlin W4A16 (awq_marlin / gptq_marlin)',
		note: 'vLLM upgrades awq/gptq checkpoints to the Marlin kernels automatically.',
		source: `${VLLM_TABLE} (AWQ, GPTQ, Marlin rows); vllm.md §5.1`,
	},
	{
		engine: 'vllm',
		family: 'INT4-W4A16',
		vendor: 'nvidia',
		minCc: 75,
		maxCc: 79,
		execution: 'weight-only',
		kernel: 'AWQ / GPTQ W4A16 kernels (Marlin on Turing only in newer releases)',
		note: 'The AWQ kernel "only supports Turing or newer GPUs".',
		source: `${VLLM_TABLE}; vllm.md §3.3 (AWQ get_min_capability 75)`,
	},
	{
		engine: 'vllm',
		family: 'INT4-W4A16',
		formats: ['GPTQ'],
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 72,
		execution: 'weight-only',
		kernel: 'GPTQ exllama W4A16 kernels',
		note: 'GPTQ is listed for Volta; AWQ is not.',
		source: `${VLLM_TABLE} (GPTQ row)`,
	},
	{
		engine: 'vllm',
		family: 'INT4-W4A16',
		formats: ['AWQ'],
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 72,
		execution: 'unsupported',
		kernel: 'none',
		note: 'AWQ needs compute capability 7.5.',
		source: `${VLLM_TABLE} (AWQ row)`,
	},
	// ---------------- vLLM, BF16 / FP16 ----------------
	{
		engine: 'vllm',
		family: 'BF16',
		vendor: 'nvidia',
		minCc: 80,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS / CUTLASS BF16 GEMM',
		note: 'Unquantized weights.',
		source: 'gpu-quant.md §2.1 (BF16 tensor cores from 8.0)',
	},
	{
		engine: 'vllm',
		family: 'BF16',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 79,
		execution: 'unsupported',
		kernel: 'none',
		note: 'No BF16 before compute capability 8.0: serve the model as FP16 (--dtype half).',
		source: 'gpu-quant.md §2.1 (Volta/Turing: no BF16)',
	},
	{
		engine: 'vllm',
		family: 'FP16',
		vendor: 'nvidia',
		minCc: 70,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS FP16 GEMM',
		note: 'A BF16 checkpoint is cast to FP16 with --dtype half.',
		source: 'gpu-quant.md §2.1 (FP16 tensor cores since Volta)',
	},
	{
		engine: 'vllm',
		family: 'BF16',
		vendor: 'amd',
		isaPrefixes: ['gfx9', 'gfx11', 'gfx12'],
		execution: 'native',
		kernel: 'hipBLASLt BF16 GEMM',
		note: 'Unquantized weights on ROCm.',
		source: 'ROCm/ROCm@e396b489 docs/reference/precision-support.rst (gpu-quant.md §3.9)',
	},
	// ---------------- llama.cpp (also LM Studio's GGUF engine) ----------------
	{
		engine: 'llama.cpp',
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'native',
		kernel: 'mma.sync kind::mxf4.block_scale m16n8k64 (activations quantized to MXFP4)',
		minVersion: 'b7536',
		note: 'Needs a CUDA >= 12.8 build with 120a/121a targets (the default build adds them).',
		source: `${LLAMA_BW_FP4}; ggml/src/ggml-cuda/CMakeLists.txt`,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 120,
		maxCc: 121,
		execution: 'int8-dot',
		kernel: 'MMQ: MXFP4 expanded to int8, Q8_0 int8 tensor-core MMA / dp4a with Q8_1 activations',
		maxVersion: 'b7535',
		note: 'Builds before PR #17906 had no FP4 tensor-core path.',
		source: `${LLAMA_MMQ}; ${LLAMA_BW_FP4}`,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-MXFP4',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 110,
		execution: 'int8-dot',
		kernel: 'MMQ: MXFP4 expanded to int8, Q8_0 int8 tensor-core MMA (Turing+) or dp4a, Q8_1 activations',
		note: 'llama.cpp\'s native FP4 path covers only the 12.x family, so B200/B300 (sm_100/103) also use int8 dot products. MXFP4 GGUF exists since PR #15091 (2025-08-05).',
		source: `${LLAMA_MMQ}; ggml-cuda/common.cuh GGML_CUDA_CC_BLACKWELL 1200`,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-QUANT',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 121,
		execution: 'int8-dot',
		kernel: 'MMQ / MMVQ: quantized blocks dot Q8_1 activations with int8 MMA or dp4a',
		note: 'K-quants and legacy quants use integer dot products on CUDA.',
		source: LLAMA_MMQ,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-FLOAT',
		vendor: 'nvidia',
		minCc: 61,
		maxCc: 121,
		execution: 'native',
		kernel: 'cuBLAS FP16/BF16 GEMM',
		note: 'Unquantized GGUF.',
		source: 'gpu-quant.md §2.1 (FP16 tensor cores); llama.cpp CUDA backend',
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-MXFP4',
		vendor: 'amd',
		execution: 'int8-dot',
		kernel: 'ROCm MMQ (HIP build of the CUDA kernels): MXFP4 expanded to int8',
		note: 'Vulkan builds also run MXFP4.',
		source: `${LLAMA_MMQ}; llama.cpp PR #15091 (CUDA, Vulkan, Metal, CPU support)`,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-QUANT',
		vendor: 'amd',
		execution: 'int8-dot',
		kernel: 'ROCm MMQ int8 dot products',
		note: 'HIP build of the CUDA backend.',
		source: LLAMA_MMQ,
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-FLOAT',
		vendor: 'amd',
		execution: 'native',
		kernel: 'hipBLAS FP16 GEMM',
		note: 'Unquantized GGUF.',
		source: 'llama.cpp HIP backend; ROCm precision-support.rst (gpu-quant.md §3.9)',
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-MXFP4',
		vendor: 'apple',
		execution: 'weight-only',
		kernel: 'Metal mul_mm: blocks dequantized to half in threadgroup memory, simdgroup matrix multiply',
		note: 'Apple GPUs have no FP4/int8 matrix units; LM Studio can also use MLX on Apple.',
		source: 'llama.cpp PR #15091 (Metal MXFP4); gpu-quant.md §2.4 Apple row',
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-QUANT',
		vendor: 'apple',
		execution: 'weight-only',
		kernel: 'Metal mul_mm / mul_mv with in-kernel dequantization',
		note: 'LM Studio can also use MLX on Apple.',
		source: 'gpu-quant.md §2.4 Apple row (GGUF via Metal)',
	},
	{
		engine: 'llama.cpp',
		family: 'GGUF-FLOAT',
		vendor: 'apple',
		execution: 'native',
		kernel: 'Metal simdgroup FP16 matrix multiply',
		note: 'Unquantized GGUF.',
		source: 'gpu-quant.md §2.4 Apple row',
	},
];

/** Compares engine versions: vLLM "0.10.2" or llama.cpp builds "b7536". */
export function compareEngineVersions(a: string, b: string): number {
	const parts = (v: string) =>
		v
			.replace(/^v/i, '')
			.replace(/^b/i, '')
			.split(/[.+-]/)
			.map((p) => Number.parseInt(p, 10))
			.map((n) => (Number.isFinite(n) ? n : 0));
	const pa = parts(a);
	const pb = parts(b);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d < 0 ? -1 : 1;
	}
	return 0;
}
