/** `python -m sglang.launch_server` for a planned candidate, and SGLang's --kv-cache-dtype values. */
import type { EngineArgs } from '../../types';
import { commandLine } from '../common/commandLine';
import type { ArgsInput, KvCacheDtype, KvDtypeChoice } from '../types';
import { memFractionStaticFor, sglangGpuDefaults } from './memory';

/** --kv-cache-dtype: auto | fp8_e5m2 | fp8_e4m3 | bf16 | bfloat16 | fp4_e2m1 (server_args.py). */
export function sglangKvCacheDtype(requested: KvCacheDtype | undefined): KvDtypeChoice {
	switch (requested) {
		case 'fp8':
		case 'fp8_e4m3':
			return { dtype: 'fp8_e4m3', setting: 'fp8_e4m3', warning: null };
		case 'fp8_e5m2':
			return { dtype: 'fp8_e5m2', setting: 'fp8_e5m2', warning: null };
		case 'q8_0':
		case 'q4_0':
			return { dtype: 'fp8_e4m3', setting: 'fp8_e4m3', warning: `SGLang has no ${requested} KV cache; fp8_e4m3 (one byte per element) is used instead.` };
		default:
			return { dtype: undefined, setting: null, warning: null };
	}
}

export function sglangArgs(input: ArgsInput): EngineArgs {
	const repo = input.option.repo ?? '<path-to-model>';
	const tp = input.plan.tensorParallelSize ?? 1;
	const first = input.gpus[0];
	const memFractionStatic = memFractionStaticFor(first, input.memFractionStatic, tp);
	const args = ['-m', 'sglang.launch_server', '--model-path', repo, '--context-length', String(input.contextLength), '--mem-fraction-static', String(memFractionStatic)];
	if (tp > 1) args.push('--tp', String(tp));
	if (input.option.onlineQuantization) args.push('--quantization', 'fp8');
	if (input.option.castToFp16) args.push('--dtype', 'half');
	if (input.kv.setting) args.push('--kv-cache-dtype', input.kv.setting);
	const defaults = sglangGpuDefaults(first.totalBytes / 1024 ** 2, tp);
	return {
		command: commandLine(input.env, 'python', args),
		args,
		settings: {
			model: repo,
			contextLength: input.contextLength,
			memFractionStatic,
			tensorParallelSize: tp,
			kvCacheDtype: input.kv.setting ?? 'auto',
			chunkedPrefillSize: defaults.chunkedPrefillSize,
			cudaGraphMaxBs: defaults.cudaGraphMaxBs,
		},
		env: input.env,
	};
}
