/** LM Studio: GGUF through its bundled llama.cpp runtime (MLX exists only on Apple), loaded with `lms load`. */
import { LLAMA_CPP_DEFAULT_CONTEXT, LLAMA_CPP_SPEED, LLAMA_CPP_SUPPORT, llamaCppKvCacheDtype, llamaCppMemory } from '../llama.cpp';
import { ggufOptions } from '../common/options';
import { layerSplit } from '../common/parallelism';
import type { EngineProfile } from '../types';
import { lmStudioArgs } from './args';

export const lmstudio: EngineProfile = {
	id: 'lmstudio',
	label: 'LM Studio',
	longLabel: 'LM Studio (llama.cpp engine)',
	description: 'LM Studio (llama.cpp engine, GGUF)',
	versionLabel: 'a LM Studio runtime built on llama.cpp',
	checkpoint: 'gguf',
	acceptsGgufFile: true,
	rankBonus: 2,
	// LM Studio's runtime is a llama.cpp build; its support follows the llama.cpp build number.
	version: (versions) => versions['llama.cpp'] ?? versions.llamaCpp,
	support: LLAMA_CPP_SUPPORT,
	options: (input) => ggufOptions('lmstudio', input),
	defaultContextLength: () => LLAMA_CPP_DEFAULT_CONTEXT,
	kvCacheDtype: llamaCppKvCacheDtype,
	memory: llamaCppMemory,
	speed: LLAMA_CPP_SPEED,
	parallelism: layerSplit,
	args: lmStudioArgs,
	notes({ plan }) {
		const warnings =
			plan.cpuMoeLayers > 0
				? ['In LM Studio turn on the load setting that forces MoE expert weights onto the CPU; lms load has no documented flag for it.']
				: [];
		return { reasons: [], warnings };
	},
};
