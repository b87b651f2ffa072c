/** `lms load` and LM Studio's load settings for a planned candidate. */
import type { EngineArgs } from '../../types';
import { commandLine } from '../common/commandLine';
import type { ArgsInput } from '../types';

export function lmStudioArgs(input: ArgsInput): EngineArgs {
	const { plan } = input;
	const key = input.option.modelKey ?? input.option.repo ?? input.model.id;
	const totalContext = input.contextLength * input.concurrency;
	const offloadRatio = plan.gpuLayers === null ? 'max' : (Math.floor((plan.gpuLayers / input.model.numLayers) * 100) / 100).toString();
	const args = ['load', key, '--context-length', String(totalContext), '--gpu', offloadRatio];
	return {
		command: commandLine({}, 'lms', args),
		args,
		settings: {
			model: key,
			contextLength: totalContext,
			gpuOffload: offloadRatio,
			offloadExpertsToCpu: plan.cpuMoeLayers > 0,
			flashAttention: input.kv.setting !== null,
			parallel: input.concurrency,
			kvCacheType: input.kv.setting ?? 'f16',
		},
		env: {},
	};
}
