/** vLLM: Hugging Face safetensors, tensor parallelism, a share of each GPU's memory. */
import { findFormat } from '../../knowledge/formats';
import { checkpointOption, safetensorsOptions } from '../common/options';
import { tensorParallel } from '../common/parallelism';
import type { EngineMemoryModel, EngineProfile } from '../types';
import { vllmArgs, vllmKvCacheDtype } from './args';
import { vllmMemoryTerms } from './memory';
import { VLLM_SPEED } from './speed';
import { vllmStartup } from './startup';
import { VLLM_SUPPORT } from './support';

export { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, vllmBatchDefaults } from './memory';

const vllmMemory: EngineMemoryModel = { ...vllmMemoryTerms, startup: vllmStartup };

export const vllm: EngineProfile = {
	id: 'vllm',
	label: 'vLLM',
	longLabel: 'vLLM',
	description: 'The vllm serve command with Hugging Face safetensors',
	versionLabel: 'vLLM',
	checkpoint: 'safetensors',
	acceptsGgufFile: false,
	rankBonus: 10,
	version: (versions) => versions.vllm,
	support: VLLM_SUPPORT,
	options(input) {
		const options = safetensorsOptions('vllm', input);
		// Vendor checkpoints (AMD Quark: MXFP4 weights, FP8 activations) are offered on the GPUs they were made for.
		const made = (isaPrefixes: string[] | undefined) => !isaPrefixes || (input.isas.length > 0 && input.isas.every((isa) => isaPrefixes.some((p) => isa.startsWith(p))));
		for (const checkpoint of input.model.checkpoints.filter((c) => c.vendorOnly && input.vendors.includes(c.vendorOnly) && made(c.isaPrefixes))) {
			const format = findFormat(checkpoint.format, 'safetensors');
			if (format) options.push(checkpointOption('vllm', format, checkpoint.repo));
		}
		return options;
	},
	defaultContextLength: ({ model }) => model.maxContextLength,
	kvCacheDtype: vllmKvCacheDtype,
	memory: vllmMemory,
	speed: VLLM_SPEED,
	parallelism: tensorParallel,
	args: vllmArgs,
	// Free memory below the request is vLLM's first start-up check (startup.ts), not a note.
	notes: () => ({ reasons: [], warnings: [] }),
};
