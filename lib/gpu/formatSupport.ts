/**
 * Whether a GPU's tensor cores run each number format natively, in one sentence per format: for
 * people deciding on a quantization format, the yes/no is the first thing to know.
 */
import type { GpuInfo, TensorFormat } from '../types';

const PTX_BLOCK_SCALE = 'https://docs.nvidia.com/cuda/parallel-thread-execution/ (PTX ISA 9.0: mma with .block_scale, kind::mxf4 / mxf4nvf4 / mxf8f6f4, section "Block Scaling")';
const PTX_MMA = 'https://docs.nvidia.com/cuda/parallel-thread-execution/ (PTX ISA 9.0: mma element types .e4m3/.e5m2, .s8, .bf16, .f16, .tf32)';

/**
 * The formats explained, most asked about first. Block-scaled formats carry a scale per block of
 * 16 or 32 values that the MMA instruction applies itself (mma ... .block_scale, kind::mxf4 /
 * mxf4nvf4 / mxf8f6f4).
 */
export const EXPLAINED_FORMATS: ReadonlyArray<{ format: TensorFormat; blockScaled: boolean; source: string }> = [
	{ format: 'FP4', blockScaled: true, source: PTX_BLOCK_SCALE },
	{ format: 'MXFP4', blockScaled: true, source: PTX_BLOCK_SCALE },
	{ format: 'NVFP4', blockScaled: true, source: PTX_BLOCK_SCALE },
	{ format: 'FP6', blockScaled: true, source: PTX_BLOCK_SCALE },
	{ format: 'FP8', blockScaled: false, source: PTX_MMA },
	{ format: 'INT8', blockScaled: false, source: PTX_MMA },
	{ format: 'BF16', blockScaled: false, source: PTX_MMA },
	{ format: 'FP16', blockScaled: false, source: PTX_MMA },
	{ format: 'TF32', blockScaled: false, source: PTX_MMA },
];

const NOT_NATIVE = 'no: not a native tensor-core format here (engines dequantize it or have no path)';

/** { FP4: "yes: native on the Blackwell sm_120 tensor cores (block-scaled mma.sync)", FP8: ..., TF32: "no: ..." } */
export function formatSupport(gpu: Pick<GpuInfo, 'architecture' | 'isa' | 'nativeFormats' | 'mmaInstruction' | 'tensorMemory'>): Record<string, string> {
	const cores = [gpu.architecture, gpu.isa].filter(Boolean).join(' ');
	return Object.fromEntries(
		EXPLAINED_FORMATS.map(({ format, blockScaled }) => {
			if (!gpu.nativeFormats.includes(format)) return [format, NOT_NATIVE];
			const instruction = gpu.mmaInstruction ? ` (${blockScaled ? 'block-scaled ' : ''}${gpu.mmaInstruction}${gpu.tensorMemory ? ', Tensor Memory' : ''})` : '';
			return [format, `yes: native on the ${cores} tensor cores${instruction}`];
		}),
	);
}
