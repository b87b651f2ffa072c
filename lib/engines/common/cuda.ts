/** What the CUDA runtime reports as a GPU's total memory, which vLLM and SGLang budget from. */
import type { UsableGpu } from '../types';

const GIB = 1024 ** 3;

/**
 * nvidia-smi's total minus cudaMemGetInfo's total: H100 81559 MiB -> 79.18 GiB (corpus vllm-h100-llama-3.1-8b-1),
 * RTX 3090 24576 MiB -> 23.58 GiB (vllm-rtx-3090-llama-3.1-8b-1), B200 183359 MiB -> 178.35 GiB
 * (https://github.com/pytorch/ao/pull/4002). Fitted on the H100 (0.47 GiB); the other two are within 0.25 GiB.
 */
export const CUDA_RESERVED_BYTES = 0.47 * GIB;

export function cudaVisibleBytes(gpu: UsableGpu): number {
	return Math.max(0, gpu.totalBytes - CUDA_RESERVED_BYTES);
}
