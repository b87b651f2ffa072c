/** SGLang decode calibration: vLLM's constants (lib/engines/vllm/speed.ts), whose time per sequence was fitted on SGLang's batched figure. */
import { VLLM_SPEED } from '../vllm/speed';
import type { SpeedCalibration } from '../types';

export const SGLANG_SPEED: readonly SpeedCalibration[] = VLLM_SPEED;
