/**
 * GPU architectures and the number formats their matrix units execute natively.
 * One row per NVIDIA compute capability, AMD gfx target and Apple M generation.
 * Each row names its public source (NVIDIA and AMD documentation, CUTLASS and ROCm sources at a commit).
 */
import type { TensorFormat, Vendor } from '../types';

export type ArchitectureFamily =
	| 'volta'
	| 'turing'
	| 'ampere'
	| 'ada'
	| 'hopper'
	/** sm_100 / sm_103 / sm_110: tcgen05.mma, Tensor Memory. */
	| 'blackwell-datacenter'
	/** sm_120 / sm_121 (RTX 50xx, RTX PRO Blackwell, GB10): warp-level mma.sync with block-scaled kinds, no tcgen05. */
	| 'blackwell-geforce'
	| 'cdna2'
	| 'cdna3'
	| 'cdna4'
	| 'rdna3'
	| 'rdna4'
	| 'apple-silicon';

export interface ArchitectureRow {
	vendor: Vendor;
	/** NVIDIA only, e.g. "12.0". */
	computeCapability: string | null;
	/** AMD only, e.g. "gfx942". */
	gfxTarget: string | null;
	/** AMD only: KFD gfx_target_version (decimal), used to recognise rocm-smi's mis-decoded "GFX Version". */
	kfdTargetVersion: number | null;
	/** Apple only, e.g. "M3". */
	appleChip: string | null;
	/** "sm_120", "gfx942", "apple-m3". */
	isa: string;
	architecture: string;
	family: ArchitectureFamily;
	/** The matrix instruction family kernels use (NVIDIA: mma.sync / wgmma / tcgen05.mma; AMD: MFMA / WMMA). */
	mmaInstruction: string | null;
	/** Tensor Memory (TMEM) for accumulators: datacenter Blackwell only. */
	tensorMemory: boolean;
	nativeFormats: TensorFormat[];
	notes: string;
	source: string;
}

const CUTLASS_2X = 'https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/functionality.md (CUTLASS 2.x TensorOp table)';
const CUTLASS_BW =
	'https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/blackwell_functionality.md; https://github.com/NVIDIA/cutlass/blob/7107b055/include/cute/arch/config.hpp';
const CUDA_GPUS = 'https://developer.nvidia.com/cuda-gpus; https://developer.nvidia.com/cuda-legacy-gpus';
const ROCM_PRECISION = 'https://github.com/ROCm/ROCm/blob/e396b489/docs/reference/precision-support.rst';
const APPLE =
	'https://developer.apple.com/metal/Metal-Feature-Set-Tables.pdf (no FP8/FP4 types); https://github.com/ggml-org/llama.cpp/pull/15091 (Metal runs MXFP4 GGUF by dequantizing)';

const BLACKWELL_FORMATS: TensorFormat[] = ['TF32', 'BF16', 'FP16', 'FP8', 'FP6', 'FP4', 'MXFP4', 'NVFP4', 'INT8'];

function nvidia(row: Omit<ArchitectureRow, 'vendor' | 'gfxTarget' | 'kfdTargetVersion' | 'appleChip'>): ArchitectureRow {
	return { ...row, vendor: 'nvidia', gfxTarget: null, kfdTargetVersion: null, appleChip: null };
}

function amd(
	row: Omit<ArchitectureRow, 'vendor' | 'computeCapability' | 'appleChip' | 'tensorMemory' | 'isa'> & { gfxTarget: string },
): ArchitectureRow {
	return { ...row, vendor: 'amd', computeCapability: null, appleChip: null, tensorMemory: false, isa: row.gfxTarget };
}

function apple(chip: string, notes: string): ArchitectureRow {
	return {
		vendor: 'apple',
		computeCapability: null,
		gfxTarget: null,
		kfdTargetVersion: null,
		appleChip: chip,
		isa: `apple-${chip.toLowerCase()}`,
		architecture: `Apple ${chip}`,
		family: 'apple-silicon',
		mmaInstruction: 'simdgroup_matrix',
		tensorMemory: false,
		nativeFormats: ['FP16'],
		notes: `Unified memory; budget about 65-75 % of RAM (Metal recommendedMaxWorkingSetSize). No FP8/FP4 hardware. ${notes}`.trim(),
		source: APPLE,
	};
}

export const ARCHITECTURES: readonly ArchitectureRow[] = [
	nvidia({
		computeCapability: '7.0',
		isa: 'sm_70',
		architecture: 'Volta',
		family: 'volta',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['FP16'],
		notes: 'First tensor cores: FP16 only (mma.sync m8n8k4 / WMMA). No BF16, INT8 or FP8. Tesla V100, TITAN V.',
		source: `${CUTLASS_2X} ("70+": f16 only); ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '7.2',
		isa: 'sm_72',
		architecture: 'Volta',
		family: 'volta',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['FP16'],
		notes: 'Tegra Xavier (Jetson AGX Xavier, Xavier NX): Volta tensor cores, unified memory.',
		source: `${CUTLASS_2X}; ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '7.5',
		isa: 'sm_75',
		architecture: 'Turing',
		family: 'turing',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['FP16', 'INT8', 'INT4'],
		notes: 'Adds INT8/INT4 (and b1) tensor cores. No BF16: vLLM has no MXFP4 path below 8.0; prefer GGUF.',
		source: `${CUTLASS_2X} ("75+": f16, s8, s4, b1); ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '8.0',
		isa: 'sm_80',
		architecture: 'Ampere',
		family: 'ampere',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['FP64', 'TF32', 'BF16', 'FP16', 'INT8', 'INT4'],
		notes: 'GA100 (A100, A30): adds BF16, TF32 and full-rate FP64 tensor cores. No FP8.',
		source: `${CUTLASS_2X} ("80+": f16, bf16, tf32, s8, s4, b1, f64); ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '8.6',
		isa: 'sm_86',
		architecture: 'Ampere',
		family: 'ampere',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['TF32', 'BF16', 'FP16', 'INT8', 'INT4'],
		notes: 'GA10x (A10, A40, RTX A6000, RTX 30xx). FP64 tensor (DMMA) exists at a low rate and is not counted. No FP8.',
		source: `${CUTLASS_2X}; ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '8.7',
		isa: 'sm_87',
		architecture: 'Ampere',
		family: 'ampere',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['TF32', 'BF16', 'FP16', 'INT8', 'INT4'],
		notes: 'Tegra Orin (Jetson AGX Orin, Orin NX/Nano): GA10x-class tensor cores, unified memory.',
		source: `${CUTLASS_2X}; ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '8.9',
		isa: 'sm_89',
		architecture: 'Ada Lovelace',
		family: 'ada',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: ['TF32', 'BF16', 'FP16', 'FP8', 'INT8', 'INT4'],
		notes:
			'Adds FP8 (E4M3/E5M2) through mma.sync. INT4 kept per the L40/L40S datasheet (a TVM review says it was removed; the datasheet wins). No FP4.',
		source:
			'https://github.com/NVIDIA/cutlass/tree/7107b055/examples/58_ada_fp8_gemm; https://docs.nvidia.com/cuda/parallel-thread-execution/ (mma .e4m3/.e5m2 requires sm_89); https://www.nvidia.com/en-us/data-center/l40s/ (datasheet: INT4 TOPS)',
	}),
	nvidia({
		computeCapability: '9.0',
		isa: 'sm_90',
		architecture: 'Hopper',
		family: 'hopper',
		mmaInstruction: 'wgmma',
		tensorMemory: false,
		nativeFormats: ['FP64', 'TF32', 'BF16', 'FP16', 'FP8', 'INT8'],
		notes:
			'Warpgroup MMA (wgmma, sm_90a) plus mma.sync. FP8 native; INT4 tensor cores removed; no FP4 (MXFP4/NVFP4 run weight-only, e.g. Marlin).',
		source:
			'https://github.com/NVIDIA/cutlass/tree/7107b055/examples/54_hopper_fp8_warp_specialized_gemm; https://github.com/NVIDIA/cutlass/blob/7107b055/media/docs/cpp/functionality.md (CUTLASS 3.x SM90a table: no s4); https://www.nvidia.com/en-us/data-center/h100/ (no INT4 figure)',
	}),
	nvidia({
		computeCapability: '10.0',
		isa: 'sm_100',
		architecture: 'Blackwell',
		family: 'blackwell-datacenter',
		mmaInstruction: 'tcgen05.mma',
		tensorMemory: true,
		nativeFormats: ['FP64', ...BLACKWELL_FORMATS],
		notes:
			'Datacenter Blackwell (B200, GB200): tcgen05.mma with accumulators in Tensor Memory, 2-SM MMA, TMA multicast. Block-scaled MXFP4 (ue8m0/32) and NVFP4 (ue4m3/16) native (kinds mxf4, mxf4nvf4). sm_100 binaries do not run on sm_120. No INT4.',
		source: `${CUTLASS_BW}; microsoft/superbenchmark PR #680 (no INT4 on Blackwell)`,
	}),
	nvidia({
		computeCapability: '10.3',
		isa: 'sm_103',
		architecture: 'Blackwell',
		family: 'blackwell-datacenter',
		mmaInstruction: 'tcgen05.mma',
		tensorMemory: true,
		nativeFormats: ['FP64', ...BLACKWELL_FORMATS],
		notes: 'Blackwell Ultra (B300, GB300): same tcgen05/TMEM programming model as sm_100. Needs CUDA >= 12.9.',
		source: `${CUTLASS_BW}; CCCL tcgen05_mma docs (SM_103a); ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '11.0',
		isa: 'sm_110',
		architecture: 'Blackwell',
		family: 'blackwell-datacenter',
		mmaInstruction: 'tcgen05.mma',
		tensorMemory: true,
		nativeFormats: [...BLACKWELL_FORMATS],
		notes:
			'Jetson Thor (T5000/T4000), formerly sm_101 (renamed sm_110 in PTX ISA 9.0 / CUDA 13). Has tcgen05 per LLVM NVVM and CUTLASS config.hpp. Unified memory. FP64 tensor rate not documented, not counted.',
		source: `${CUTLASS_BW}; LLVM NVVM docs (sm_101a renamed sm_110a; tcgen05 on sm_110); ${CUDA_GPUS}`,
	}),
	nvidia({
		computeCapability: '12.0',
		isa: 'sm_120',
		architecture: 'Blackwell',
		family: 'blackwell-geforce',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: [...BLACKWELL_FORMATS],
		notes:
			'GB20x (GeForce RTX 50xx, RTX PRO Blackwell Workstation/Max-Q/Server): warp-level mma.sync with block-scaled kinds f8f6f4, mxf4, mxf4nvf4. No tcgen05, no Tensor Memory, no TMA multicast (cluster 1x1x1). Needs its own SM120 kernels (sm_100 binaries do not run). FP64 low rate, not counted; INT4 unproven, not counted.',
		source: `${CUTLASS_BW} (section "Blackwell SM120 GEMMs"); NVIDIA/cutlass examples/79_blackwell_geforce_gemm`,
	}),
	nvidia({
		computeCapability: '12.1',
		isa: 'sm_121',
		architecture: 'Blackwell',
		family: 'blackwell-geforce',
		mmaInstruction: 'mma.sync',
		tensorMemory: false,
		nativeFormats: [...BLACKWELL_FORMATS],
		notes:
			'GB10 (DGX Spark): same mma.sync block-scaled FP4/FP6/FP8 path as sm_120; lacks tcgen05, TMEM and TMA multicast. Unified LPDDR5x memory. Needs CUDA >= 12.9.',
		source: `${CUTLASS_BW}; NVIDIA developer forum post 359960 (GB10 lacks tcgen05/TMEM)`,
	}),
	amd({
		gfxTarget: 'gfx90a',
		kfdTargetVersion: 90010,
		architecture: 'CDNA 2',
		family: 'cdna2',
		mmaInstruction: 'MFMA',
		nativeFormats: ['FP64', 'BF16', 'FP16', 'INT8'],
		notes: 'MI210, MI250, MI250X. No FP8 matrix support; 4-bit formats run weight-only.',
		source: `${ROCM_PRECISION} (FP8: "MI200 no")`,
	}),
	amd({
		gfxTarget: 'gfx942',
		kfdTargetVersion: 90402,
		architecture: 'CDNA 3',
		family: 'cdna3',
		mmaInstruction: 'MFMA',
		nativeFormats: ['FP64', 'TF32', 'BF16', 'FP16', 'FP8', 'INT8'],
		notes:
			'MI300A, MI300X, MI325X. FP8 uses the FNUZ encodings (e4m3fnuz/e5m2fnuz), not the OCP FP8 of NVIDIA/CDNA 4: OCP FP8 checkpoints need conversion. No native FP4 (gpt-oss MXFP4 runs through Triton).',
		source: `${ROCM_PRECISION} ("MI300 FP8 encodings differ from H100 OCP"); HIP fp8 doc 6.2`,
	}),
	amd({
		gfxTarget: 'gfx950',
		kfdTargetVersion: 90500,
		architecture: 'CDNA 4',
		family: 'cdna4',
		mmaInstruction: 'MFMA',
		nativeFormats: ['FP64', 'BF16', 'FP16', 'FP8', 'FP6', 'FP4', 'MXFP4', 'INT8'],
		notes: 'MI350X, MI355X. OCP FP8 (e4m3fn), native MXFP4/MXFP6 (OCP MX, ue8m0 scales). No NVFP4.',
		source: `${ROCM_PRECISION}; ROCm precision page 2025-10-30 (__hip_fp4_e2m1, FP6); rocprofiler-compute (FP8 CDNA4); vllm-project/recipes MI355X amd/gpt-oss-120b-w-mxfp4-a-fp8`,
	}),
	...(
		[
			['gfx1100', 110000, 'Radeon RX 7900 XTX/XT/GRE, Radeon PRO W7900/W7800'],
			['gfx1101', 110001, 'Radeon RX 7800 XT/7700 XT, Radeon PRO W7700'],
			['gfx1102', 110002, 'Radeon RX 7600/7600 XT'],
		] as const
	).map(([gfxTarget, kfdTargetVersion, products]) =>
		amd({
			gfxTarget,
			kfdTargetVersion,
			architecture: 'RDNA 3',
			family: 'rdna3',
			mmaInstruction: 'WMMA',
			nativeFormats: ['BF16', 'FP16', 'INT8'],
			notes: `${products}. WMMA FP16/BF16/INT8; no FP8, no FP4. Prefer GGUF (ROCm or Vulkan).`,
			source: `https://github.com/modular/modular/blob/c6fb89355916b7ba347bd9395ac6ba6a1fdc689d/mojo/stdlib/std/gpu/compute/mma.mojo (get_amd_fp8_dtype: no native FP8 on RDNA3); ${ROCM_PRECISION}`,
		}),
	),
	amd({
		gfxTarget: 'gfx1151',
		kfdTargetVersion: 110501,
		architecture: 'RDNA 3.5',
		family: 'rdna3',
		mmaInstruction: 'WMMA',
		nativeFormats: ['BF16', 'FP16', 'INT8'],
		notes: 'Radeon 8060S / 8050S (Ryzen AI Max "Strix Halo" APUs). RDNA 3 WMMA (FP16/BF16/INT8) with unified LPDDR5X memory; no FP8, no FP4.',
		source:
			'https://github.com/ROCm/ROCm/blob/e396b489/docs/reference/precision-support.rst; https://github.com/kyuz0/amd-strix-halo-vllm-toolboxes/issues/10 (gfx1151); https://github.com/modular/modular/blob/c6fb89355916b7ba347bd9395ac6ba6a1fdc689d/mojo/stdlib/std/gpu/compute/mma.mojo (no native FP8 before RDNA4)',
	}),
	...(
		[
			['gfx1200', 120000, 'Radeon RX 9060 series'],
			['gfx1201', 120001, 'Radeon RX 9070/9070 XT, Radeon AI PRO R9700'],
		] as const
	).map(([gfxTarget, kfdTargetVersion, products]) =>
		amd({
			gfxTarget,
			kfdTargetVersion,
			architecture: 'RDNA 4',
			family: 'rdna4',
			mmaInstruction: 'WMMA',
			nativeFormats: ['BF16', 'FP16', 'FP8', 'INT8'],
			notes: `${products}. WMMA with OCP FP8 (e4m3fn); no FP4 evidence.`,
			source: 'https://github.com/modular/modular/blob/c6fb89355916b7ba347bd9395ac6ba6a1fdc689d/mojo/stdlib/std/gpu/compute/mma.mojo (get_amd_fp8_dtype: e4m3fn for RDNA4+); https://github.com/ROCm/TransformerEngine/issues/359 (gfx1201 advertises FP8)',
		}),
	),
	apple('M1', 'Apple GPU family 7.'),
	apple('M2', 'Apple GPU family 8.'),
	apple('M3', 'Apple GPU family 9 (dynamic caching, hardware ray tracing).'),
	apple('M4', 'Apple GPU family 9.'),
];

/** "12", "12.0", "sm_120", "sm_120a", "120", "compute_90a" -> "12.0"; null when it is not a compute capability. */
export function normalizeComputeCapability(cc: string | number | null | undefined): string | null {
	if (cc === null || cc === undefined) return null;
	const text = String(cc).trim().toLowerCase();
	const dotted = /^(\d{1,2})(?:\.(\d))?$/.exec(text);
	if (dotted && (dotted[2] !== undefined || Number(dotted[1]) <= 20)) return `${Number(dotted[1])}.${dotted[2] ?? '0'}`;
	const isa = /^(?:sm_|compute_)?(\d{1,2})(\d)[a-z]?$/.exec(text);
	if (isa) return `${Number(isa[1])}.${isa[2]}`;
	return null;
}

const BY_COMPUTE_CAPABILITY = new Map(ARCHITECTURES.filter((row) => row.computeCapability).map((row) => [row.computeCapability as string, row]));
const BY_GFX = new Map(ARCHITECTURES.filter((row) => row.gfxTarget).map((row) => [row.gfxTarget as string, row]));
const BY_APPLE_CHIP = new Map(ARCHITECTURES.filter((row) => row.appleChip).map((row) => [row.appleChip as string, row]));

/**
 * Older rocm-smi decodes KFD gfx_target_version wrongly when the minor digit is 0 (90010 -> "gfx9010",
 * 120001 -> "gfx12001"). This reproduces that decoding so the wrong strings map back to the right target.
 */
function legacyRocmSmiGfxString(kfdTargetVersion: number): string {
	let major = Math.floor(kfdTargetVersion / 10000) * 100;
	const minor = Math.floor((kfdTargetVersion % 10000) / 100) * 10;
	if (minor === 0) major *= 10;
	return `gfx${major + minor + (kfdTargetVersion % 100)}`;
}

const GFX_ALIASES = new Map<string, string>();
for (const row of ARCHITECTURES) {
	if (row.gfxTarget && row.kfdTargetVersion !== null) {
		GFX_ALIASES.set(legacyRocmSmiGfxString(row.kfdTargetVersion), row.gfxTarget);
		GFX_ALIASES.set(String(row.kfdTargetVersion), row.gfxTarget);
	}
}

/** A gfx target in canonical form ("gfx942"), including rocm-smi's mis-decoded forms; null when unknown. */
export function normalizeGfxTarget(gfx: string | null | undefined): string | null {
	if (!gfx) return null;
	const text = gfx.trim().toLowerCase().replace(/^amdgcn-amd-amdhsa--/, '').replace(/:.*$/, '');
	if (BY_GFX.has(text)) return text;
	return GFX_ALIASES.get(text) ?? null;
}

/** "Apple M3 Max", "M3", "m3-ultra", "apple-m3" -> "M3"; null when no M-series generation is named. */
export function normalizeAppleChip(chip: string | null | undefined): string | null {
	if (!chip) return null;
	const match = /(?:^|[^a-z0-9])m(\d+)(?:$|[^0-9])/i.exec(` ${chip.trim()} `);
	return match ? `M${Number(match[1])}` : null;
}

export function architectureForComputeCapability(cc: string | number | null | undefined): ArchitectureRow | null {
	const normalized = normalizeComputeCapability(cc);
	return normalized ? (BY_COMPUTE_CAPABILITY.get(normalized) ?? null) : null;
}

export function architectureForGfxTarget(gfx: string | null | undefined): ArchitectureRow | null {
	const normalized = normalizeGfxTarget(gfx);
	return normalized ? (BY_GFX.get(normalized) ?? null) : null;
}

export function architectureForApple(chip: string | null | undefined): ArchitectureRow | null {
	const normalized = normalizeAppleChip(chip);
	return normalized ? (BY_APPLE_CHIP.get(normalized) ?? null) : null;
}

export function listArchitectures(): ArchitectureRow[] {
	return [...ARCHITECTURES];
}
