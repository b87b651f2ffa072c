/**
 * vLLM's start-up checks, in the order it runs them, with its own wording, and the changes that make a refused start
 * succeed. Sources: gpu_worker.py init_device (free memory), kv_cache_utils.py _check_enough_kv_cache_memory and
 * _estimate_max_model_len at https://github.com/vllm-project/vllm/blob/001cabc1be16a59a70d720ed61a13b678c060a18/vllm/v1/core/kv_cache_utils.py;
 * V0: https://github.com/vllm-project/vllm/issues/10517.
 */
import { largestPassing, smallestPassing, firstPassing } from '../common/search';
import { tensorParallelSizes } from '../common/parallelism';
import type { GpuAccount, StartupCheck, StartupFix, StartupInput, StartupSettings } from '../types';
import { vllmGeneration } from './generation';
import { CUDA_RESERVED_BYTES } from '../common/cuda';
import { vllmKvCacheDtype } from './args';
import { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, vllmBatch, vllmKvCapacity } from './memory';

const GIB = 1024 ** 3;
/** Highest utilization a fix proposes: the H100 gpt-oss recipe uses 0.95; 0.97 ran out of memory in capture (vllm#33155). */
const MAX_FIX_UTILIZATION = 0.95;
const SEQ_STEPS = [512, 256, 128, 64, 32, 16, 8, 4, 2, 1];
const BATCH_STEPS = [4096, 2048, 1024, 512];

const gib = (bytes: number) => (bytes / GIB).toFixed(2);

interface Outcome {
	starts: boolean;
	check: string;
	message: string;
	account: GpuAccount;
}

function utilization(settings: StartupSettings): number {
	return settings.gpuMemoryUtilization ?? VLLM_DEFAULT_GPU_MEMORY_UTILIZATION;
}

/** The largest max_model_len whose one request fits the KV memory, as vLLM's binary search finds it. */
function estimatedMaxModelLen(input: StartupInput, settings: StartupSettings): number {
	const fits = (length: number) => {
		const account = input.account({ ...settings, contextLength: length, concurrency: 1 });
		return account.kvAvailableBytes > 0 && account.kvRequestBytes <= account.kvAvailableBytes;
	};
	return largestPassing(1, settings.contextLength, fits) ?? 0;
}

function evaluate(input: StartupInput, settings: StartupSettings): Outcome {
	const account = input.account(settings);
	const gmu = utilization(settings);
	const free = account.gpu.freeBytes === null ? null : account.gpu.freeBytes - CUDA_RESERVED_BYTES;
	if (free !== null && free < account.budgetBytes) {
		return {
			starts: false,
			check: 'vllm:free-memory',
			account,
			message: `ValueError: Free memory on device (${gib(free)}/${gib(account.visibleBytes)} GiB) on startup is less than desired GPU memory utilization (${gmu}, ${gib(account.budgetBytes)} GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.`,
		};
	}
	if (account.weightsBytes > account.visibleBytes) {
		return {
			starts: false,
			check: 'vllm:load-oom',
			account,
			message: `torch.OutOfMemoryError: CUDA out of memory while loading the model: ${gib(account.weightsBytes)} GiB of weights per GPU, ${gib(account.visibleBytes)} GiB on the device.`,
		};
	}
	if (account.kvAvailableBytes <= 0) {
		return {
			starts: false,
			check: 'vllm:no-kv-memory',
			account,
			message: `Available KV cache memory: ${gib(account.kvAvailableBytes)} GiB. ValueError: No available memory for the cache blocks. Try increasing gpu_memory_utilization when initializing the engine.`,
		};
	}
	if (account.kvRequestBytes > account.kvAvailableBytes) {
		const length = settings.contextLength;
		if (vllmGeneration(input.version).v0) {
			const { tokens } = vllmKvCapacity({
				model: input.model,
				contextLength: length,
				dtype: vllmKvCacheDtype(settings.kvCacheDtype).dtype,
				knobs: settings.knobs,
				gpu: account.gpu,
				version: input.version,
				availableBytes: account.kvAvailableBytes,
				concurrency: 1,
			});
			return {
				starts: false,
				check: 'vllm:kv-for-max-model-len',
				account,
				message: `ValueError: The model's max seq len (${length}) is larger than the maximum number of tokens that can be stored in KV cache (${tokens}). Try increasing \`gpu_memory_utilization\` or decreasing \`max_model_len\` when initializing the engine.`,
			};
		}
		return {
			starts: false,
			check: 'vllm:kv-for-max-model-len',
			account,
			message: `ValueError: To serve at least one request with the models's max seq len (${length}), (${gib(account.kvRequestBytes)} GiB KV cache is needed, which is larger than the available KV cache memory (${gib(account.kvAvailableBytes)} GiB). Based on the available memory, the estimated maximum model length is ${estimatedMaxModelLen(input, settings)}. Try increasing \`gpu_memory_utilization\` or decreasing \`max_model_len\` when initializing the engine.`,
		};
	}
	return {
		starts: true,
		check: 'vllm:kv-for-max-model-len',
		account,
		message: `Available KV cache memory: ${gib(account.kvAvailableBytes)} GiB per GPU; one ${settings.contextLength}-token request needs ${gib(account.kvRequestBytes)} GiB.`,
	};
}

function fixes(input: StartupInput, settings: StartupSettings, failed: Outcome): StartupFix[] {
	const found: StartupFix[] = [];
	const starts = (changed: StartupSettings) => evaluate(input, changed).starts;
	const gpu = failed.account.gpu;
	const { maxNumBatchedTokens, maxNumSeqs } = vllmBatch(settings.knobs, gpu, input.version);

	const current = utilization(settings);
	const freeShare = gpu.freeBytes === null ? 1 : (gpu.freeBytes - CUDA_RESERVED_BYTES) / failed.account.visibleBytes;
	if (failed.check === 'vllm:free-memory') {
		const lower = Math.floor(freeShare * 100) / 100;
		if (lower > 0 && starts({ ...settings, gpuMemoryUtilization: lower })) {
			found.push({ change: `--gpu-memory-utilization ${lower}`, settings: { gpuMemoryUtilization: lower }, effect: `Fits what is free on the GPU (${(freeShare * 100).toFixed(1)} %).` });
		}
	} else {
		const cap = Math.floor(Math.min(MAX_FIX_UTILIZATION, freeShare) * 100);
		const percent = smallestPassing(Math.floor(current * 100) + 1, cap, (p) => starts({ ...settings, gpuMemoryUtilization: p / 100 }));
		if (percent !== null) {
			found.push({
				change: `--gpu-memory-utilization ${percent / 100}`,
				settings: { gpuMemoryUtilization: percent / 100 },
				effect: `Gives vLLM ${percent} % of the GPU instead of ${Math.round(current * 100)} %; CUDA graphs and the sampler warm-up then have ${100 - percent} % left.`,
			});
		}
	}
	// V0 without chunked prefill needs max_num_batched_tokens >= max_model_len: no smaller batch to offer there.
	const chunked = !vllmGeneration(input.version).v0;
	const batched = firstPassing(
		BATCH_STEPS.filter((t) => chunked && t < maxNumBatchedTokens && t >= maxNumSeqs),
		(t) => starts({ ...settings, knobs: { ...settings.knobs, maxNumBatchedTokens: t } }),
	);
	if (batched !== null) {
		found.push({ change: `--max-num-batched-tokens ${batched}`, settings: { maxNumBatchedTokens: batched }, effect: `Smaller prefill chunks (${batched} tokens per step instead of ${maxNumBatchedTokens}): slower prompt processing.` });
	}
	const seqs = firstPassing(
		SEQ_STEPS.filter((n) => n < maxNumSeqs && n >= settings.concurrency),
		(n) => starts({ ...settings, knobs: { ...settings.knobs, maxNumSeqs: n } }),
	);
	if (seqs !== null) {
		found.push({
			change: `--max-num-seqs ${seqs}`,
			settings: { maxNumSeqs: seqs },
			effect: `At most ${seqs} requests at once (default ${maxNumSeqs}); the profile run's sampler peak shrinks with it.`,
		});
	}
	if (vllmGeneration(input.version).graphsInBudget && !settings.knobs.enforceEager && starts({ ...settings, knobs: { ...settings.knobs, enforceEager: true } })) {
		found.push({ change: '--enforce-eager', settings: { enforceEager: true }, effect: 'No CUDA graphs: frees their memory, decoding is slower.' });
	}
	const fp8 = settings.kvCacheDtype === 'fp8' || settings.kvCacheDtype === 'fp8_e4m3' || settings.kvCacheDtype === 'fp8_e5m2';
	if (!fp8 && starts({ ...settings, kvCacheDtype: 'fp8' })) {
		found.push({ change: '--kv-cache-dtype fp8', settings: { kvCacheDtype: 'fp8' }, effect: 'Halves the KV cache; slightly less accurate attention.' });
	}
	if (failed.account.kvAvailableBytes > 0 && failed.check === 'vllm:kv-for-max-model-len') {
		const length = estimatedMaxModelLen(input, settings);
		if (length > 0) {
			found.push({ change: `--max-model-len ${length}`, settings: { maxModelLen: length }, effect: `Requests of at most ${length} tokens (vLLM's own estimate of the largest that fits).` });
		}
	}
	// vLLM's own advice, both halves at once: the highest utilization proposed, then the largest context that fits there.
	const cap = Math.floor(Math.min(MAX_FIX_UTILIZATION, freeShare) * 100) / 100;
	if (!found.some((fix) => fix.settings.maxModelLen !== undefined) && failed.check !== 'vllm:free-memory' && cap > current) {
		const raised = { ...settings, gpuMemoryUtilization: cap };
		const length = estimatedMaxModelLen(input, raised);
		if (length > 0) {
			found.push({
				change: `--gpu-memory-utilization ${cap} --max-model-len ${length}`,
				settings: { gpuMemoryUtilization: cap, maxModelLen: length },
				effect: `Gives vLLM ${Math.round(cap * 100)} % of the GPU and limits requests to ${length} tokens.`,
			});
		}
	}
	const tp = firstPassing(
		tensorParallelSizes(input.model, 8).filter((size) => size > settings.gpuCount),
		(size) => starts({ ...settings, gpuCount: size, knobs: { ...settings.knobs, tensorParallelSize: size } }),
	);
	if (tp !== null) {
		const more = tp - input.gpus.length;
		found.push({
			change: `--tensor-parallel-size ${tp}`,
			settings: { tensorParallelSize: tp },
			effect: more > 0 ? `Needs ${tp} GPUs like this one (${more} more than given).` : `Spreads the model over ${tp} GPUs.`,
		});
	}
	return found;
}

export function vllmStartup(input: StartupInput): StartupCheck {
	const outcome = evaluate(input, input.settings);
	const warnings: string[] = [];
	const gmu = utilization(input.settings);
	if (outcome.starts && gmu > MAX_FIX_UTILIZATION) {
		warnings.push(
			`At --gpu-memory-utilization ${gmu} only ${gib((1 - gmu) * outcome.account.visibleBytes)} GiB stay outside vLLM's budget for CUDA graph capture and the sampler warm-up; vLLM 0.14.1 ran out of memory there with gpt-oss-120b at 0.97 (https://github.com/vllm-project/vllm/issues/33155).`,
		);
	}
	if (outcome.starts) return { verdict: 'starts', check: outcome.check, message: outcome.message, fixes: () => [], warnings };
	return { verdict: 'fails', check: outcome.check, message: outcome.message, fixes: () => fixes(input, input.settings, outcome), warnings };
}
