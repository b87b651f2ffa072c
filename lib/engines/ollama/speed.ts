/** Ollama decode calibration: its llama.cpp runner, with the llama.cpp constants of the same era. */
import { LLAMA_CPP_SPEED } from '../llama.cpp';
import type { SpeedCalibration } from '../types';

export const OLLAMA_SPEED: readonly SpeedCalibration[] = LLAMA_CPP_SPEED.filter((row) => row.maxVersion === undefined);
