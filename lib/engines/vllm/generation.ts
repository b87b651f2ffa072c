/** What changed in vLLM's memory accounting over its releases, by version (undefined: the newest behaviour). */
import { compareEngineVersions } from '../common/versions';

export interface VllmGeneration {
	/** The V0 engine (before 0.8.0, when V1 became the default): no chunked prefill below 32K context, smaller profile. */
	v0: boolean;
	/** CUDA graph memory is estimated and subtracted before the KV cache is sized (default since 0.21.0). */
	graphsInBudget: boolean;
	/** "GPU KV cache size" is max concurrency x max_model_len (seen in 0.24.0), not blocks x block size. */
	tokensFromConcurrency: boolean;
}

/** A version string vLLM prints ("0.14.1", "0.23.1rc1.dev1327+g..."); anything else counts as unknown. */
function known(version: string | undefined): string | undefined {
	return version !== undefined && /^v?\d+\.\d+/.test(version.trim()) ? version.trim() : undefined;
}

/**
 * V1 default from 0.8.0 (https://github.com/vllm-project/vllm/releases/tag/v0.8.0); graph memory in the budget from
 * 0.21.0 ("CUDA graph memory profiling is enabled (default since v0.21.0)", https://github.com/gpustack/runner/pull/251);
 * token count from concurrency in 0.24.0 (corpus case vllm-rtx-5090-qwen3.6-35b-a3b-1; https://github.com/vllm-project/vllm/pull/40694).
 */
export function vllmGeneration(version: string | undefined): VllmGeneration {
	const key = version ?? '';
	let generation = generations.get(key);
	if (!generation) {
		const v = known(version);
		const atLeast = (min: string) => v === undefined || compareEngineVersions(v, min) >= 0;
		generation = { v0: !atLeast('0.8.0'), graphsInBudget: atLeast('0.21.0'), tokensFromConcurrency: atLeast('0.24.0') };
		generations.set(key, generation);
	}
	return generation;
}

const generations = new Map<string, VllmGeneration>();
