/** Command lines and load settings for a planned candidate: `vllm serve`, `llama-server`, `lms load`. */
import type { EngineArgs } from '../types';
import type { ModelSpec } from '../models/types';
import type { PlanOption } from './options';
import type { KvCacheDtype } from './types';

export interface ArgsInput {
	option: PlanOption;
	model: ModelSpec;
	contextLength: number;
	concurrency: number;
	gpuCount: number;
	tensorParallelSize: number;
	gpuMemoryUtilization: number;
	kvCacheDtype: KvCacheDtype | undefined;
	env: Record<string, string>;
	/** llama.cpp: layers whose experts stay in system RAM (--n-cpu-moe). */
	cpuMoeLayers: number;
	/** llama.cpp: layers kept on the GPU (-ngl); null = all. */
	gpuLayers: number | null;
	/** llama.cpp --tensor-split proportions, one per GPU. */
	tensorSplit: number[] | null;
}

function shellQuote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function commandLine(env: Record<string, string>, program: string, args: string[]): string {
	const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
	return [...prefix, program, ...args.map(shellQuote)].join(' ');
}

function vllmArgs(input: ArgsInput): EngineArgs {
	const repo = input.option.repo ?? '<path-to-model>';
	const args = ['serve', repo, '--max-model-len', String(input.contextLength), '--gpu-memory-utilization', String(input.gpuMemoryUtilization)];
	if (input.tensorParallelSize > 1) args.push('--tensor-parallel-size', String(input.tensorParallelSize));
	if (input.option.onlineQuantization) args.push('--quantization', 'fp8');
	if (input.option.castToFp16) args.push('--dtype', 'half');
	const kv = input.kvCacheDtype;
	if (kv && kv !== 'auto' && kv !== 'f16' && kv !== 'bf16') args.push('--kv-cache-dtype', kv);
	if (input.concurrency > 1) args.push('--max-num-seqs', String(Math.max(input.concurrency, 1)));
	return {
		command: commandLine(input.env, 'vllm', args),
		args,
		settings: {
			model: repo,
			maxModelLen: input.contextLength,
			gpuMemoryUtilization: input.gpuMemoryUtilization,
			tensorParallelSize: input.tensorParallelSize,
			kvCacheDtype: kv ?? 'auto',
		},
		env: input.env,
	};
}

function llamaKvType(kv: KvCacheDtype | undefined): string | null {
	if (kv === 'q8_0' || kv === 'q4_0') return kv;
	if (kv === 'fp8' || kv === 'fp8_e4m3' || kv === 'fp8_e5m2') return 'q8_0';
	return null;
}

function ggufModelArgs(option: PlanOption, model: ModelSpec): string[] {
	if (option.gguf && option.file) return /^https?:\/\//.test(option.file) ? ['-mu', option.file] : ['-m', option.file];
	if (!option.repo) return ['-m', `./${model.displayName.replace(/\W+/g, '-')}-${option.format.id}.gguf`];
	// A repo with several quants is addressed as repo:QUANT; a single-file repo (gpt-oss MXFP4) by name alone.
	return ['-hf', option.isModelNative ? option.repo : `${option.repo}:${option.format.id}`];
}

function llamaCppArgs(input: ArgsInput): EngineArgs {
	const totalContext = input.contextLength * input.concurrency;
	const gpuLayers = input.gpuLayers === null ? 999 : input.gpuLayers;
	const args = [...ggufModelArgs(input.option, input.model), '-c', String(totalContext), '-ngl', String(gpuLayers)];
	if (input.concurrency > 1) args.push('-np', String(input.concurrency));
	if (input.cpuMoeLayers > 0) args.push('--n-cpu-moe', String(input.cpuMoeLayers));
	const kvType = llamaKvType(input.kvCacheDtype);
	if (kvType) args.push('-fa', 'on', '-ctk', kvType, '-ctv', kvType);
	if (input.tensorSplit && input.tensorSplit.length > 1) args.push('--tensor-split', input.tensorSplit.join(','));
	args.push('--jinja');
	return {
		command: commandLine({}, 'llama-server', args),
		args,
		settings: {
			contextLength: totalContext,
			parallel: input.concurrency,
			gpuLayers,
			cpuMoeLayers: input.cpuMoeLayers,
			cacheType: kvType ?? 'f16',
			splitMode: input.gpuCount > 1 ? 'layer' : 'none',
		},
		env: {},
	};
}

function lmStudioArgs(input: ArgsInput): EngineArgs {
	const key = input.option.lmstudioKey ?? input.option.repo ?? input.model.id;
	const totalContext = input.contextLength * input.concurrency;
	const offloadRatio =
		input.gpuLayers === null ? 'max' : (Math.floor((input.gpuLayers / input.model.numLayers) * 100) / 100).toString();
	const args = ['load', key, '--context-length', String(totalContext), '--gpu', offloadRatio];
	const kvType = llamaKvType(input.kvCacheDtype);
	return {
		command: commandLine({}, 'lms', args),
		args,
		settings: {
			model: key,
			contextLength: totalContext,
			gpuOffload: offloadRatio,
			offloadExpertsToCpu: input.cpuMoeLayers > 0,
			flashAttention: kvType !== null,
			parallel: input.concurrency,
			kvCacheType: kvType ?? 'f16',
		},
		env: {},
	};
}

export function engineArgs(input: ArgsInput): EngineArgs {
	switch (input.option.engine) {
		case 'vllm':
			return vllmArgs(input);
		case 'llama.cpp':
			return llamaCppArgs(input);
		default:
			return lmStudioArgs(input);
	}
}
