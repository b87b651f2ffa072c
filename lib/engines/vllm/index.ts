/** vLLM: Hugging Face safetensors, tensor parallelism, a share of each GPU's memory. */
import { findFormat } from '../../knowledge/formats';
import { gib } from '../shared/format';
import { checkpointOption, safetensorsOptions } from '../shared/options';
import { tensorParallel } from '../shared/parallelism';
import type { EngineProfile } from '../types';
import { vllmArgs, vllmKvCacheDtype } from './args';
import { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, vllmMemory } from './memory';
import { VLLM_SUPPORT } from './support';

export { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, vllmBatchDefaults } from './memory';

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
		// Vendor checkpoints (AMD Quark: MXFP4 weights, FP8 activations) are offered on that vendor's GPUs.
		for (const checkpoint of input.model.checkpoints.filter((c) => c.vendorOnly && input.vendors.includes(c.vendorOnly))) {
			const format = findFormat(checkpoint.format, 'safetensors');
			if (format) options.push(checkpointOption('vllm', format, checkpoint.repo));
		}
		return options;
	},
	defaultContextLength: ({ model }) => model.maxContextLength,
	kvCacheDtype: vllmKvCacheDtype,
	memory: vllmMemory,
	parallelism: tensorParallel,
	args: vllmArgs,
	notes({ gpus, gpuMemoryUtilization = VLLM_DEFAULT_GPU_MEMORY_UTILIZATION }) {
		const warnings: string[] = [];
		const short = gpus.find((g) => g.freeBytes !== null && g.freeBytes < g.totalBytes * gpuMemoryUtilization);
		if (short) {
			warnings.push(
				`vLLM refuses to start when free memory is below gpu_memory_utilization x total: GPU ${short.gpu.index} has ${gib(short.freeBytes ?? 0)} GiB free, ${gib(short.totalBytes * gpuMemoryUtilization)} GiB requested.`,
			);
		}
		return { reasons: [], warnings };
	},
};
