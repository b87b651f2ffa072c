/** The engine registry: one profile per engine, and what the advisor and the nodes read from it. */
import { ENGINE_IDS, ENGINES, type EngineId } from './registry';
import type { SupportRow } from './types';

export { ENGINES, ENGINE_IDS, engineProfile, isEngineId, type EngineId } from './registry';
export type * from './types';
export { compareEngineVersions } from './common/versions';
export { kvBytesPerElement, kvBytesPerTokenPerLayer } from './common/kv';
export { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, vllmBatchDefaults } from './vllm';
export { LLAMA_CPP_DEFAULT_CONTEXT } from './llama.cpp';
export { sglangGpuDefaults } from './sglang';
export { ollamaDefaultContext } from './ollama';

export interface EngineSupportRow extends SupportRow {
	engine: EngineId;
}

/** Every engine's support rows in one table (LM Studio repeats llama.cpp's: it runs them). */
export const ENGINE_SUPPORT: readonly EngineSupportRow[] = ENGINE_IDS.flatMap((engine) => ENGINES[engine].support.map((row) => ({ engine, ...row })));
