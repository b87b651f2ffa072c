/** Ollama: GGUF through its llama.cpp runner, configured by a Modelfile and OLLAMA_* server settings. */
import { ggufOptions } from '../common/options';
import { layerSplit } from '../common/parallelism';
import type { EngineProfile } from '../types';
import { ollamaArgs, ollamaKvCacheDtype } from './args';
import { ollamaDefaultContext } from './defaults';
import { ollamaMemory } from './memory';
import { OLLAMA_SPEED } from './speed';
import { OLLAMA_SUPPORT } from './support';

export { ollamaDefaultContext } from './defaults';

export const ollama: EngineProfile = {
	id: 'ollama',
	label: 'Ollama',
	longLabel: 'Ollama (llama.cpp runner)',
	description: 'An Ollama Modelfile and server settings (GGUF)',
	versionLabel: 'Ollama',
	checkpoint: 'gguf',
	acceptsGgufFile: true,
	rankBonus: 0,
	version: (versions) => versions.ollama,
	support: OLLAMA_SUPPORT,
	options: (input) => ggufOptions('ollama', input),
	defaultContextLength: ({ model, gpus, version }) => ollamaDefaultContext(model, gpus, version).contextLength,
	kvCacheDtype: ollamaKvCacheDtype,
	memory: ollamaMemory,
	speed: OLLAMA_SPEED,
	parallelism: layerSplit,
	args: ollamaArgs,
	notes({ model, visibleGpus, plan, contextLength, defaultContext, option, version }) {
		const reasons: string[] = [];
		const warnings: string[] = [];
		if (option.modelKey) reasons.push(`Pulls ${option.modelKey} from the Ollama library (https://ollama.com/library).`);
		if (defaultContext) {
			reasons.push(`${ollamaDefaultContext(model, visibleGpus, version).rule}; from 0.30 Ollama lowers that automatic context (to 32768, then 4096) when the model does not fit at load.`);
		}
		reasons.push(`The KV cache holds num_ctx x OLLAMA_NUM_PARALLEL tokens: every parallel slot gets the full ${contextLength}.`);
		if (plan.cpuMoeLayers > 0) {
			warnings.push('Ollama has no setting that keeps only the MoE experts in system RAM (llama.cpp --n-cpu-moe); from 0.30 its llama-server places layers itself when memory is short.');
		}
		return { reasons, warnings };
	},
};
