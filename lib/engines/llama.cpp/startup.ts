/**
 * llama.cpp's start-up: buffers are allocated one by one (model, KV, compute) and loading stops at the first that
 * does not fit; some backends also cap a single allocation (Vulkan: 4 GiB). Messages as llama.cpp prints them
 * (https://github.com/ggml-org/llama.cpp/issues/15009). Fixes: flash attention, a smaller micro-batch, a quantized
 * KV cache, MoE experts in system RAM (--n-cpu-moe N), a shorter context.
 */
import { largestPassing, smallestPassing, firstPassing } from '../common/search';
import type { GpuAccount, StartupCheck, StartupFix, StartupInput, StartupSettings } from '../types';
import { BACKEND_MAX_ALLOCATION, backendOf, flashAttentionOn, LLAMA_CPP_DEFAULT_UBATCH } from './memory';

const MIB = 1024 ** 2;
const mib = (bytes: number) => (bytes / MIB).toFixed(2);

interface Outcome {
	starts: boolean;
	check: string;
	message: string;
	account: GpuAccount;
}

function deviceName(settings: StartupSettings, account: GpuAccount): string {
	const backend = backendOf(settings.knobs, account.gpu);
	return `${{ cuda: 'CUDA', rocm: 'ROCm', vulkan: 'Vulkan', metal: 'Metal' }[backend]}${backend === 'metal' ? '' : account.gpu.gpu.index}`;
}

function computeBytes(account: GpuAccount): number {
	return account.overheadParts.find((part) => part.name === 'compute buffer')?.bytes ?? 0;
}

function evaluate(input: StartupInput, settings: StartupSettings): Outcome {
	const account = input.account(settings);
	const device = deviceName(settings, account);
	const compute = computeBytes(account);
	const limit = BACKEND_MAX_ALLOCATION[backendOf(settings.knobs, account.gpu)];
	if (limit !== undefined && compute > limit) {
		return {
			starts: false,
			check: 'llama.cpp:buffer-allocation',
			account,
			message: `ggml_gallocr_reserve_n: failed to allocate ${device} buffer of size ${Math.round(compute)}; llama_init_from_model: failed to initialize the context: failed to allocate compute pp buffers (one allocation may not exceed ${limit / MIB} MiB on this backend).`,
		};
	}
	const free = account.budgetBytes;
	if (account.weightsBytes > free) {
		return {
			starts: false,
			check: 'llama.cpp:model-buffer',
			account,
			message: `allocating ${mib(account.weightsBytes)} MiB on device ${account.gpu.gpu.index}: out of memory; llama_model_load: error loading model: unable to allocate ${device} buffer (${mib(free)} MiB free).`,
		};
	}
	if (account.weightsBytes + account.kvNeededBytes > free) {
		return {
			starts: false,
			check: 'llama.cpp:kv-buffer',
			account,
			message: `llama_kv_cache: ${device} KV buffer size = ${mib(account.kvNeededBytes)} MiB does not fit next to the ${mib(account.weightsBytes)} MiB model buffer (${mib(free)} MiB free): failed to allocate buffer for kv cache.`,
		};
	}
	if (account.weightsBytes + account.kvNeededBytes + account.overheadBytes > free) {
		return {
			starts: false,
			check: 'llama.cpp:compute-buffer',
			account,
			message: `${device} compute buffer size = ${mib(compute)} MiB does not fit (${mib(free - account.weightsBytes - account.kvNeededBytes)} MiB left after the model and KV buffers): failed to allocate compute pp buffers.`,
		};
	}
	return {
		starts: true,
		check: 'llama.cpp:buffer-allocation',
		account,
		message: `${device}: model ${mib(account.weightsBytes)} MiB + KV ${mib(account.kvNeededBytes)} MiB + compute ${mib(compute)} MiB fit in ${mib(free)} MiB.`,
	};
}

function fixes(input: StartupInput, settings: StartupSettings): StartupFix[] {
	const found: StartupFix[] = [];
	const starts = (changed: StartupSettings) => evaluate(input, changed).starts;
	const knobs = settings.knobs;
	if (!flashAttentionOn(knobs) && starts({ ...settings, knobs: { ...knobs, flashAttention: true } })) {
		found.push({ change: '-fa on', settings: { flashAttention: true }, effect: 'Flash attention: no KQ score matrix in the compute buffer.' });
	}
	const ubatch = knobs.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH;
	const smaller = firstPassing(
		[256, 128, 64].filter((u) => u < ubatch),
		(u) => starts({ ...settings, knobs: { ...knobs, ubatch: u } }),
	);
	if (smaller !== null) found.push({ change: `-ub ${smaller}`, settings: { ubatch: smaller }, effect: `Micro-batches of ${smaller} tokens: a smaller compute buffer, slower prompt processing.` });
	if (settings.kvCacheDtype !== 'q8_0' && settings.kvCacheDtype !== 'q4_0' && starts({ ...settings, kvCacheDtype: 'q8_0' })) {
		found.push({ change: '-fa on -ctk q8_0 -ctv q8_0', settings: { kvCacheDtype: 'q8_0' }, effect: 'A KV cache about half the size.' });
	}
	const moe = input.model.moe;
	if (moe) {
		const layers = smallestPassing(settings.cpuMoeLayers + 1, moe.moeLayerCount, (n) => starts({ ...settings, cpuMoeLayers: n }));
		if (layers !== null) {
			found.push({
				change: `--n-cpu-moe ${layers}`,
				settings: { cpuMoeLayers: layers },
				effect: `The experts of the first ${layers} of ${moe.moeLayerCount} layers stay in system RAM: slower generation.`,
			});
		}
	}
	const context = largestPassing(256, settings.contextLength - 1, (c) => starts({ ...settings, contextLength: c }));
	if (context !== null) {
		const rounded = context >= 1024 ? Math.floor(context / 256) * 256 : context;
		found.push({ change: `-c ${rounded * settings.concurrency}`, settings: { contextLength: rounded }, effect: `${rounded} tokens of context per sequence instead of ${settings.contextLength}.` });
	}
	return found;
}

export function llamaCppStartup(input: StartupInput): StartupCheck {
	const outcome = evaluate(input, input.settings);
	if (outcome.starts) return { verdict: 'starts', check: outcome.check, message: outcome.message, fixes: () => [], warnings: [] };
	return { verdict: 'fails', check: outcome.check, message: outcome.message, fixes: () => fixes(input, input.settings), warnings: [] };
}
