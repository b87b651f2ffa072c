/**
 * llama.cpp decode calibration, fitted on single-stream figures of the log corpus (llama-bench tgN, llama_print_timings
 * eval rates): on the cases named, solving or minimising the largest relative error; the other llama.cpp cases are the
 * hold-out. One efficiency does not fit every GPU: a fixed time per layer (kernel launches, synchronisation) dominates
 * on fast HBM GPUs, and it shrank between the 2024 builds and the 2025-26 ones. No corpus figure measures llama.cpp
 * with several sequences, so no time per extra sequence is added.
 */
import type { SpeedCalibration } from '../types';

/** Current builds: gpt-oss-20b on an RTX PRO 6000 (24 layers) and gpt-oss-120b on GB10 (36 layers) solve for both constants. */
const CURRENT_MS_PER_LAYER = 0.0373;

export const LLAMA_CPP_SPEED: readonly SpeedCalibration[] = [
	{
		vendor: 'amd',
		efficiency: 0.64,
		msPerLayer: CURRENT_MS_PER_LAYER,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-radeon-8060s-gpt-oss-120b-1'],
		note: 'ROCm on the Radeon 8060S (LPDDR5X): 64 % of the nominal 256 GB/s, with the per-layer time of current CUDA builds.',
	},
	{
		maxVersion: 'b2843',
		efficiency: 1,
		msPerLayer: 0.14,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-rtx-3090-llama-3-8b-1', 'llama.cpp-h100-pcie-llama-3-8b-1', 'llama.cpp-a100-sxm4-80gb-llama-3-8b-1'],
		note: 'May 2024 CUDA builds (b2824-b2843, flash attention off, no CUDA graphs): 4.5 ms per token for Llama-3-8B on top of the memory time.',
	},
	{
		efficiency: 0.87,
		msPerLayer: CURRENT_MS_PER_LAYER,
		msPerSequence: 0,
		fittedOn: ['llama.cpp-rtx-pro-6000-gpt-oss-20b-1', 'llama.cpp-gb10-gpt-oss-120b-1'],
		note: 'CUDA builds from b6918 on (flash attention on).',
	},
];
