/** llama.cpp: GGUF through llama-server, layers split across GPUs, experts or layers kept in system RAM when short. */
import { ggufOptions } from '../common/options';
import { layerSplit } from '../common/parallelism';
import type { EngineMemoryModel, EngineProfile } from '../types';
import { llamaCppArgs, llamaCppKvCacheDtype } from './args';
import { LLAMA_CPP_DEFAULT_CONTEXT, llamaCppMemoryTerms } from './memory';
import { LLAMA_CPP_SPEED } from './speed';
import { llamaCppStartup } from './startup';
import { LLAMA_CPP_SUPPORT } from './support';

export { LLAMA_CPP_DEFAULT_CONTEXT, LLAMA_CPP_DEFAULT_UBATCH, llamaCppMemoryTerms } from './memory';
export { LLAMA_CPP_SPEED } from './speed';
export { llamaCppStartup } from './startup';
export { LLAMA_CPP_SUPPORT } from './support';
export { ggufModelArgs, llamaCppKvCacheDtype } from './args';

export const llamaCppMemory: EngineMemoryModel = { ...llamaCppMemoryTerms, startup: llamaCppStartup };

export const llamaCpp: EngineProfile = {
	id: 'llama.cpp',
	label: 'llama.cpp',
	longLabel: 'llama.cpp',
	description: 'The llama-server command with a GGUF file',
	versionLabel: 'llama.cpp',
	checkpoint: 'gguf',
	acceptsGgufFile: true,
	rankBonus: 5,
	version: (versions) => versions['llama.cpp'] ?? versions.llamaCpp,
	support: LLAMA_CPP_SUPPORT,
	options: (input) => ggufOptions('llama.cpp', input),
	defaultContextLength: () => LLAMA_CPP_DEFAULT_CONTEXT,
	kvCacheDtype: llamaCppKvCacheDtype,
	memory: llamaCppMemory,
	speed: LLAMA_CPP_SPEED,
	parallelism: layerSplit,
	args: llamaCppArgs,
	notes: () => ({ reasons: [], warnings: [] }),
};
