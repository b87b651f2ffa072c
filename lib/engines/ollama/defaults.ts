/** Ollama's default context (num_ctx) over its versions, capped at the model's trained context. */
import type { ModelSpec } from '../../models/types';
import { compareEngineVersions } from '../common/versions';
import type { UsableGpu } from '../types';

const GIB = 1024 ** 3;

/**
 * Since 0.15.5 the default follows the total VRAM: < 24 GiB 4096, 24-48 GiB 32768, >= 48 GiB 262144 tokens,
 * with thresholds at 23 and 47 GiB (https://github.com/ollama/ollama/commit/0334ffa6250752c0e5e3d7f4467b0f50cc906fde;
 * https://github.com/ollama/ollama/blob/v0.33.0-rc2/docs/context-length.mdx).
 */
function vramTier(totalVram: number): number {
	if (totalVram >= 47 * GIB) return 262144;
	if (totalVram >= 23 * GIB) return 32768;
	return 4096;
}

export interface OllamaContextDefault {
	contextLength: number;
	rule: string;
}

/**
 * Earlier: 2048 until 0.6.6 (https://github.com/ollama/ollama/blob/v0.5.0/api/types.go), 4096 from 0.6.7
 * (https://github.com/ollama/ollama/commit/44b466eeb2e42e9ce2852c69d7cddb7ebac5daf8); gpt-oss got at least 8192
 * from 0.11.0 (https://github.com/ollama/ollama/commit/f5fd7cc19c7fbca0d2f6d382468ef15a1a6468ba), only with
 * 20 GiB of VRAM or more from 0.11.4 (https://github.com/ollama/ollama/commit/f2e9c9aff5f59b21a5d9a9668408732b3de01e20).
 * A larger num_ctx than the model was trained for is lowered to it (llm/server.go).
 */
export function ollamaDefaultContext(model: ModelSpec, gpus: UsableGpu[], version: string | undefined): OllamaContextDefault {
	const totalVram = gpus.reduce((sum, g) => sum + g.totalBytes, 0);
	const atLeast = (v: string) => version === undefined || compareEngineVersions(version, v) >= 0;
	let contextLength: number;
	let rule: string;
	if (atLeast('0.15.5')) {
		contextLength = vramTier(totalVram);
		rule = `Ollama 0.15.5+ picks its default context from the total VRAM (${(totalVram / GIB).toFixed(1)} GiB here): ${contextLength} tokens`;
	} else if (atLeast('0.6.7')) {
		const gptOssBump = model.modelType === 'gpt_oss' && atLeast('0.11.0') && (!atLeast('0.11.4') || totalVram >= 20 * GIB);
		contextLength = gptOssBump ? 8192 : 4096;
		rule = gptOssBump ? 'Ollama 0.11 to 0.15.4 gives gpt-oss at least 8192 tokens of context' : 'Ollama 0.6.7 to 0.15.4 defaults to 4096 tokens of context';
	} else {
		contextLength = 2048;
		rule = 'Ollama before 0.6.7 defaults to 2048 tokens of context';
	}
	if (contextLength > model.maxContextLength) {
		return { contextLength: model.maxContextLength, rule: `${rule}, lowered to the model's ${model.maxContextLength}` };
	}
	return { contextLength, rule };
}
