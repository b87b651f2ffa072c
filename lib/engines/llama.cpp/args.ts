/** `llama-server` for a planned candidate, and the cache types llama.cpp (and the runtimes built on it) accept. */
import type { EngineArgs } from '../../types';
import type { ModelSpec } from '../../models/types';
import { commandLine } from '../common/commandLine';
import type { ArgsInput, KvCacheDtype, KvDtypeChoice, PlanOption } from '../types';

/** -ctk/-ctv: f16 by default; q8_0/q4_0 need flash attention; there is no FP8 cache, q8_0 is the same size. */
export function llamaCppKvCacheDtype(requested: KvCacheDtype | undefined): KvDtypeChoice {
	switch (requested) {
		case 'q8_0':
		case 'q4_0':
			return { dtype: requested, setting: requested, warning: null };
		case 'fp8':
		case 'fp8_e4m3':
		case 'fp8_e5m2':
			return { dtype: 'q8_0', setting: 'q8_0', warning: 'llama.cpp has no FP8 KV cache; q8_0 (about the same size) is used instead.' };
		default:
			return { dtype: undefined, setting: null, warning: null };
	}
}

/** Where llama-server gets the GGUF: a file given, a repo:QUANT on Hugging Face, or a local file to make. */
export function ggufModelArgs(option: PlanOption, model: ModelSpec): string[] {
	if (option.gguf && option.file) return /^https?:\/\//.test(option.file) ? ['-mu', option.file] : ['-m', option.file];
	if (!option.repo) return ['-m', `./${model.displayName.replace(/\W+/g, '-')}-${option.format.id}.gguf`];
	// A repo with several quants is addressed as repo:QUANT; a single-file repo (gpt-oss MXFP4) by name alone.
	return ['-hf', option.isModelNative ? option.repo : `${option.repo}:${option.format.id}`];
}

export function llamaCppArgs(input: ArgsInput): EngineArgs {
	const { plan } = input;
	const totalContext = input.contextLength * input.concurrency;
	const gpuLayers = plan.gpuLayers === null ? 999 : plan.gpuLayers;
	const args = [...ggufModelArgs(input.option, input.model), '-c', String(totalContext), '-ngl', String(gpuLayers)];
	if (input.concurrency > 1) args.push('-np', String(input.concurrency));
	if (plan.cpuMoeLayers > 0) args.push('--n-cpu-moe', String(plan.cpuMoeLayers));
	const cacheType = input.kv.setting;
	if (cacheType) args.push('-fa', 'on', '-ctk', cacheType, '-ctv', cacheType);
	if (input.knobs.ubatch !== undefined) args.push('-ub', String(input.knobs.ubatch));
	if (plan.tensorSplit && plan.tensorSplit.length > 1) args.push('--tensor-split', plan.tensorSplit.join(','));
	args.push('--jinja');
	return {
		command: commandLine(input.env, 'llama-server', args),
		args,
		settings: {
			contextLength: totalContext,
			parallel: input.concurrency,
			gpuLayers,
			cpuMoeLayers: plan.cpuMoeLayers,
			cacheType: cacheType ?? 'f16',
			splitMode: plan.gpuCount > 1 ? 'layer' : 'none',
		},
		env: input.env,
	};
}
