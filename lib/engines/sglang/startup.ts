/**
 * SGLang's start-up: the KV pool is what is left of mem_fraction_static x memory after the weights
 * (profile_max_num_token); no room for it is an error, "Not enough memory. Please try to increase
 * --mem-fraction-static." (init_memory_pool in
 * https://github.com/sgl-project/sglang/blob/001067fffe33427bee0ed2f007fb7551a1d76b44/python/sglang/srt/model_executor/model_runner.py).
 */
import { firstPassing, smallestPassing } from '../common/search';
import { tensorParallelSizes } from '../common/parallelism';
import type { StartupCheck, StartupFix, StartupInput, StartupSettings } from '../types';
import { memFractionStaticFor } from './memory';

const GIB = 1024 ** 3;
/** Highest --mem-fraction-static a fix proposes (SGLang's own defaults stay below 0.9). */
const MAX_FIX_FRACTION = 0.95;
const gib = (bytes: number) => (bytes / GIB).toFixed(2);

function evaluate(input: StartupInput, settings: StartupSettings): { starts: boolean; check: string; message: string; pool: number } {
	const account = input.account(settings);
	if (account.weightsBytes > account.visibleBytes) {
		return { starts: false, check: 'sglang:load-oom', pool: account.kvAvailableBytes, message: `torch.OutOfMemoryError: CUDA out of memory while loading ${gib(account.weightsBytes)} GiB of weights per GPU (${gib(account.visibleBytes)} GiB on the device).` };
	}
	if (account.kvAvailableBytes <= 0) {
		return { starts: false, check: 'sglang:kv-pool', pool: account.kvAvailableBytes, message: 'RuntimeError: Not enough memory. Please try to increase --mem-fraction-static.' };
	}
	return { starts: true, check: 'sglang:kv-pool', pool: account.kvAvailableBytes, message: `KV pool of ${gib(account.kvAvailableBytes)} GiB per GPU.` };
}

export function sglangStartup(input: StartupInput): StartupCheck {
	const { settings } = input;
	const outcome = evaluate(input, settings);
	const warnings: string[] = [];
	if (outcome.starts) {
		const account = input.account(settings);
		if (account.kvRequestBytes > account.kvAvailableBytes) {
			warnings.push(`The KV pool (${gib(account.kvAvailableBytes)} GiB per GPU) holds less than one ${settings.contextLength}-token request (${gib(account.kvRequestBytes)} GiB): SGLang starts, but such requests cannot run.`);
		}
		return { verdict: 'starts', check: outcome.check, message: outcome.message, fixes: () => [], warnings };
	}
	return { verdict: 'fails', check: outcome.check, message: outcome.message, fixes: () => fixes(input, settings), warnings };
}

function fixes(input: StartupInput, settings: StartupSettings): StartupFix[] {
	const found: StartupFix[] = [];
	const starts = (changed: StartupSettings) => evaluate(input, changed).starts;
	const account = input.account(settings);
	const current = memFractionStaticFor(account.gpu, settings.memFractionStatic, settings.knobs.tensorParallelSize ?? 1);
	const permille = smallestPassing(Math.floor(current * 1000) + 1, MAX_FIX_FRACTION * 1000, (p) => starts({ ...settings, memFractionStatic: p / 1000 }));
	if (permille !== null) {
		found.push({ change: `--mem-fraction-static ${permille / 1000}`, settings: { memFractionStatic: permille / 1000 }, effect: 'Less memory left outside the pool for activations and CUDA graphs.' });
	}
	if (settings.kvCacheDtype !== 'fp8' && starts({ ...settings, kvCacheDtype: 'fp8' })) {
		found.push({ change: '--kv-cache-dtype fp8_e4m3', settings: { kvCacheDtype: 'fp8_e4m3' }, effect: 'Halves the KV cache.' });
	}
	const tp = firstPassing(
		tensorParallelSizes(input.model, 8).filter((size) => size > settings.gpuCount),
		(size) => starts({ ...settings, gpuCount: size, knobs: { ...settings.knobs, tensorParallelSize: size } }),
	);
	if (tp !== null) found.push({ change: `--tp ${tp}`, settings: { tensorParallelSize: tp }, effect: `Needs ${tp} GPUs like this one.` });
	return found;
}
