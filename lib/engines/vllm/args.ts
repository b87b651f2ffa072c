/** `vllm serve` for a planned candidate, and vLLM's --kv-cache-dtype values. */
import type { EngineArgs } from '../../types';
import { commandLine } from '../common/commandLine';
import type { ArgsInput, KvCacheDtype, KvDtypeChoice } from '../types';
import { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION } from './memory';

export function vllmKvCacheDtype(requested: KvCacheDtype | undefined): KvDtypeChoice {
	switch (requested) {
		case 'fp8':
		case 'fp8_e4m3':
		case 'fp8_e5m2':
			return { dtype: requested, setting: requested, warning: null };
		case 'q8_0':
		case 'q4_0':
			return { dtype: 'fp8', setting: 'fp8', warning: `vLLM has no ${requested} KV cache; fp8 (one byte per element) is used instead.` };
		default:
			return { dtype: undefined, setting: null, warning: null };
	}
}

export function vllmArgs(input: ArgsInput): EngineArgs {
	const repo = input.option.repo ?? '<path-to-model>';
	const tp = input.plan.tensorParallelSize ?? 1;
	const utilization = input.gpuMemoryUtilization ?? VLLM_DEFAULT_GPU_MEMORY_UTILIZATION;
	const args = ['serve', repo, '--max-model-len', String(input.contextLength), '--gpu-memory-utilization', String(utilization)];
	if (tp > 1) args.push('--tensor-parallel-size', String(tp));
	if (input.option.onlineQuantization) args.push('--quantization', 'fp8');
	if (input.option.castToFp16) args.push('--dtype', 'half');
	if (input.kv.setting) args.push('--kv-cache-dtype', input.kv.setting);
	const maxNumSeqs = input.knobs.maxNumSeqs ?? (input.concurrency > 1 ? input.concurrency : undefined);
	if (maxNumSeqs !== undefined) args.push('--max-num-seqs', String(maxNumSeqs));
	if (input.knobs.maxNumBatchedTokens !== undefined) args.push('--max-num-batched-tokens', String(input.knobs.maxNumBatchedTokens));
	if (input.knobs.enforceEager) args.push('--enforce-eager');
	return {
		command: commandLine(input.env, 'vllm', args),
		args,
		settings: {
			model: repo,
			maxModelLen: input.contextLength,
			gpuMemoryUtilization: utilization,
			tensorParallelSize: tp,
			kvCacheDtype: input.kv.setting ?? 'auto',
		},
		env: input.env,
	};
}
