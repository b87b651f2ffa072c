/** SGLang: Hugging Face safetensors, tensor parallelism, a static share of each GPU for weights and the KV pool. */
import { safetensorsOptions } from '../common/options';
import { tensorParallel } from '../common/parallelism';
import type { EngineMemoryModel, EngineProfile } from '../types';
import { sglangArgs, sglangKvCacheDtype } from './args';
import { hybridSwaPool, sglangMemoryTerms } from './memory';
import { SGLANG_SPEED } from './speed';
import { sglangStartup } from './startup';
import { SGLANG_SUPPORT } from './support';

export { sglangGpuDefaults } from './memory';

const sglangMemory: EngineMemoryModel = { ...sglangMemoryTerms, startup: sglangStartup };

export const sglang: EngineProfile = {
	id: 'sglang',
	label: 'SGLang',
	longLabel: 'SGLang',
	description: 'The sglang.launch_server command with Hugging Face safetensors',
	versionLabel: 'SGLang',
	checkpoint: 'safetensors',
	acceptsGgufFile: false,
	rankBonus: 1,
	version: (versions) => versions.sglang,
	support: SGLANG_SUPPORT,
	options: (input) => safetensorsOptions('sglang', input),
	// --context-length defaults to the model's config.json limit.
	defaultContextLength: ({ model }) => model.maxContextLength,
	kvCacheDtype: sglangKvCacheDtype,
	memory: sglangMemory,
	speed: SGLANG_SPEED,
	parallelism: tensorParallel,
	args: sglangArgs,
	notes({ model, gpus }) {
		const reasons: string[] = [];
		const sliding = model.layerTypes.some((t) => t === 'sliding');
		if (sliding && !hybridSwaPool(model, gpus[0] ?? null)) {
			reasons.push('SGLang turns its hybrid sliding-window pool off here, so the sliding-window layers cache as many tokens as the full-attention layers.');
		}
		return { reasons, warnings: [] };
	},
};
