/**
 * Ollama output: a Modelfile (FROM + PARAMETER num_ctx / num_gpu) and the `ollama create` / `ollama run` lines,
 * the server settings (OLLAMA_NUM_PARALLEL, OLLAMA_FLASH_ATTENTION, OLLAMA_KV_CACHE_TYPE) and the same
 * parameters as API `options` (https://github.com/ollama/ollama/blob/v0.33.0-rc2/docs/modelfile.mdx,
 * https://github.com/ollama/ollama/blob/v0.33.0-rc2/docs/faq.mdx).
 */
import type { EngineArgs } from '../../types';
import { commandLine } from '../common/commandLine';
import type { ArgsInput, KvCacheDtype, KvDtypeChoice } from '../types';
import { llamaCppKvCacheDtype } from '../llama.cpp';

/** OLLAMA_KV_CACHE_TYPE takes f16, q8_0 or q4_0; a quantized cache needs OLLAMA_FLASH_ATTENTION=1 (before 0.30 it is ignored otherwise). */
export function ollamaKvCacheDtype(requested: KvCacheDtype | undefined): KvDtypeChoice {
	const choice = llamaCppKvCacheDtype(requested);
	return choice.warning ? { ...choice, warning: 'Ollama has no FP8 KV cache; OLLAMA_KV_CACHE_TYPE=q8_0 (about the same size) is used instead.' } : choice;
}

/** What the Modelfile's FROM names: the Ollama library tag, a GGUF on Hugging Face (hf.co/repo:QUANT) or a local file. */
function fromLine(input: ArgsInput): { from: string; download: string | null } {
	const { option, model } = input;
	if (option.modelKey) return { from: option.modelKey, download: null };
	if (option.gguf && option.file) {
		if (!/^https?:\/\//.test(option.file)) return { from: option.file, download: null };
		return { from: `./${option.file.split('/').pop() || 'model.gguf'}`, download: option.file };
	}
	if (option.repo) return { from: option.isModelNative ? `hf.co/${option.repo}` : `hf.co/${option.repo}:${option.format.id}`, download: null };
	return { from: `./${model.displayName.replace(/\W+/g, '-')}-${option.format.id}.gguf`, download: null };
}

function modelName(input: ArgsInput, from: string): string {
	const base = from.replace(/^hf\.co\//, '').split('/').pop()!.replace(/\.gguf$/i, '');
	return `${base}-ctx${input.contextLength}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

export function ollamaArgs(input: ArgsInput): EngineArgs {
	const { plan } = input;
	const { from, download } = fromLine(input);
	const name = modelName(input, from);
	const requestOptions: Record<string, number> = { num_ctx: input.contextLength };
	if (plan.gpuLayers !== null) requestOptions.num_gpu = plan.gpuLayers;
	const modelfile = [`FROM ${from}`, ...Object.entries(requestOptions).map(([key, value]) => `PARAMETER ${key} ${value}`)].join('\n') + '\n';

	const env: Record<string, string> = { ...input.env, OLLAMA_NUM_PARALLEL: String(input.concurrency) };
	if (input.kv.setting) {
		env.OLLAMA_FLASH_ATTENTION = '1';
		env.OLLAMA_KV_CACHE_TYPE = input.kv.setting;
	}
	const args = ['create', name, '-f', 'Modelfile'];
	return {
		command: `${commandLine({}, 'ollama', args)} && ${commandLine({}, 'ollama', ['run', name])}`,
		args,
		settings: {
			model: from,
			name,
			numCtx: input.contextLength,
			numParallel: input.concurrency,
			...(plan.gpuLayers !== null ? { numGpu: plan.gpuLayers } : {}),
			flashAttention: input.kv.setting !== null,
			kvCacheType: input.kv.setting ?? 'f16',
			serverCommand: commandLine(env, 'ollama', ['serve']),
			...(download ? { downloadFirst: download } : {}),
		},
		env,
		files: { Modelfile: modelfile },
		requestOptions,
	};
}
