/**
 * vLLM decode calibration. Efficiency and fixed time per step fitted on vllm-gb10-gpt-oss-120b-1, where vLLM decodes
 * at the nominal memory roofline (59.5 tok/s for about 5 GB read per token at 273 GB/s: the bytes it reads are
 * probably fewer than counted); the time per sequence in a batch on sglang-h100-gpt-oss-20b-1, the only batched
 * decode figure of the corpus (vLLM and SGLang share the same CUDA-graph decode loop design).
 */
import type { SpeedCalibration } from '../types';

export const VLLM_SPEED: readonly SpeedCalibration[] = [
	{
		efficiency: 1,
		fixedMsPerStep: 0.5,
		msPerSequence: 0.2,
		fittedOn: ['vllm-gb10-gpt-oss-120b-1', 'sglang-h100-gpt-oss-20b-1'],
		note: 'CUDA graphs on; batched steps read each touched expert once and every sequence\'s KV cache.',
	},
];
