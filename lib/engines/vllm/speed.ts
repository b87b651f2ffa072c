/**
 * vLLM decode calibration. On GB10, vLLM decodes gpt-oss-120b at the nominal memory roofline (vllm-gb10-gpt-oss-120b-1:
 * 59.5 tok/s for about 5 GB counted per token at 273 GB/s), so the efficiency is capped at 1 and the bytes it reads are
 * probably fewer than counted; no corpus figure separates a per-layer time for vLLM, so llama.cpp's current one is used.
 * The time per sequence in a batch is fitted on sglang-h100-gpt-oss-20b-1, the only batched decode figure of the
 * corpus (SGLang uses the same constants).
 */
import type { SpeedCalibration } from '../types';

export const VLLM_SPEED: readonly SpeedCalibration[] = [
	{
		efficiency: 1,
		msPerLayer: 0.0373,
		msPerSequence: 0.2,
		fittedOn: ['vllm-gb10-gpt-oss-120b-1', 'sglang-h100-gpt-oss-20b-1'],
		note: 'CUDA graphs on; batched steps read each touched expert once and every sequence\'s KV cache.',
	},
];
