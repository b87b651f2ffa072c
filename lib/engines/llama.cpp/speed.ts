/**
 * llama.cpp decode calibration, fitted on the single-stream figures of the log corpus (llama-bench tgN and
 * llama_print_timings eval rates; fitted by the largest relative error on the cases named, the other llama.cpp cases
 * held out). One efficiency does not fit every GPU: a fixed time per token (kernel launches, synchronisation)
 * dominates on fast HBM GPUs, and it shrank between the 2024 builds and the 2025-26 ones. No corpus figure measures
 * llama.cpp with several sequences, so the time per extra sequence is not calibrated (0).
 */
import type { SpeedCalibration } from '../types';

export const LLAMA_CPP_SPEED: readonly SpeedCalibration[] = [
	{
		vendor: 'amd',
		efficiency: 0.62,
		fixedMsPerStep: 0.85,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-radeon-8060s-gpt-oss-120b-1'],
		note: 'ROCm on the Radeon 8060S (LPDDR5X): 62 % of the nominal 256 GB/s, with the fixed time of current CUDA builds.',
	},
	{
		maxVersion: 'b2843',
		efficiency: 1,
		fixedMsPerStep: 4.5,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-rtx-3090-llama-3-8b-1', 'llama.cpp-h100-pcie-llama-3-8b-1', 'llama.cpp-a100-sxm4-80gb-llama-3-8b-1'],
		note: 'May 2024 CUDA builds (b2824-b2843, flash attention off, no CUDA graphs): 4.5 ms per token on top of the memory time.',
	},
	{
		efficiency: 0.84,
		fixedMsPerStep: 0.85,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-gb10-gpt-oss-120b-1', 'llama.cpp-rtx-pro-6000-gpt-oss-20b-1'],
		note: 'CUDA builds from b6918 on (flash attention on).',
	},
];
