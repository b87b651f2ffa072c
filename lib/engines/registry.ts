/**
 * Every engine the pack plans for. Adding one: a folder lib/engines/<id>/ exporting an EngineProfile, its id
 * in EngineId and one line in ENGINES; the compiler then points at whatever else must know it.
 */
import { inputError } from '../errors';
import { llamaCpp } from './llama.cpp';
import { lmstudio } from './lmstudio';
import { ollama } from './ollama';
import { sglang } from './sglang';
import type { EngineProfile } from './types';
import { vllm } from './vllm';

export type EngineId = 'vllm' | 'llama.cpp' | 'lmstudio' | 'sglang' | 'ollama';

export const ENGINES: Record<EngineId, EngineProfile> = {
	vllm,
	'llama.cpp': llamaCpp,
	lmstudio,
	sglang,
	ollama,
};

/** In the order they are planned and listed. */
export const ENGINE_IDS = Object.keys(ENGINES) as EngineId[];

export function isEngineId(value: unknown): value is EngineId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ENGINES, value);
}

/** The profile of an engine id; anything else is an input error naming the engines there are. */
export function engineProfile(engine: unknown): EngineProfile {
	if (!isEngineId(engine)) {
		throw inputError(`Unknown engine "${String(engine)}".`, `Use one of: ${ENGINE_IDS.join(', ')}.`);
	}
	return ENGINES[engine];
}
