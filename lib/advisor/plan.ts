/**
 * Plans one option on the given GPUs: how many GPUs (as the engine's parallelism allows), memory per GPU against the
 * engine's budget, the engine's own start-up check, the concurrency its KV cache holds, the largest context that
 * fits, and an offload plan when nothing fits and the engine can keep part of the model in system RAM.
 */
import type { CandidateMemory } from '../types';
import { largestPassing, smallestPassing } from '../engines/common/search';
import type {
	EngineProfile,
	GpuAccount,
	KvCapacity,
	PlanOption,
	PlanView,
	StartupCheck,
	StartupSettings,
	SupportRow,
	UsableGpu,
} from '../engines/types';
import type { ModelSpec } from '../models/types';
import { estimateMemoryDetailed } from './estimateMemory';
import type { KvCacheDtype, MemoryEstimateDetail } from './types';

export interface PlanSettings {
	contextLength: number;
	concurrency: number;
	/** vLLM --gpu-memory-utilization / SGLang --mem-fraction-static when given. */
	gpuMemoryUtilization: number | undefined;
	memFractionStatic: number | undefined;
	kvCacheDtype: KvCacheDtype | undefined;
	maxNumBatchedTokens?: number;
	maxNumSeqs?: number;
	ubatch?: number;
	enforceEager?: boolean;
}

/** What a plan is made of: the engine, model, option and the support row in use on these GPUs. */
export interface PlanContext {
	profile: EngineProfile;
	model: ModelSpec;
	option: PlanOption;
	support: SupportRow | null;
	version: string | undefined;
	gpus: UsableGpu[];
}

export interface Plan extends PlanView {
	fits: boolean;
	memory: CandidateMemory;
	maxContextLength: number;
	estimate: MemoryEstimateDetail;
	/** True when the plan runs only by keeping part of the model in system RAM. */
	offloaded: boolean;
	/** The engine's start-up check for the requested settings (without the offload the plan may add). */
	startup: StartupCheck;
	/** The KV cache the tightest GPU holds. */
	capacity: KvCapacity;
	account: GpuAccount;
}

interface Accounting {
	estimate: MemoryEstimateDetail;
	accounts: GpuAccount[];
	tightest: GpuAccount;
	fits: boolean;
}

export function startupSettings(settings: PlanSettings, gpuCount: number): StartupSettings {
	return {
		contextLength: settings.contextLength,
		concurrency: settings.concurrency,
		gpuMemoryUtilization: settings.gpuMemoryUtilization,
		memFractionStatic: settings.memFractionStatic,
		kvCacheDtype: settings.kvCacheDtype,
		knobs: {
			maxNumBatchedTokens: settings.maxNumBatchedTokens,
			maxNumSeqs: settings.maxNumSeqs,
			ubatch: settings.ubatch,
			enforceEager: settings.enforceEager,
		},
		gpuCount,
		cpuMoeLayers: 0,
	};
}

/** Every GPU of the plan accounted as the engine does; a count above the GPUs given repeats the last one (for fixes). */
export function accountPlan(context: PlanContext, settings: StartupSettings): Accounting {
	const { profile, model, option } = context;
	const count = settings.gpuCount;
	const gpus = Array.from({ length: count }, (_, i) => context.gpus[Math.min(i, context.gpus.length - 1)]);
	const ranks = profile.parallelism.ranks(count);
	const knobs = { ...settings.knobs, tensorParallelSize: ranks };
	const estimate = estimateMemoryDetailed(
		{
			model,
			format: option.format.id,
			checkpoint: option.format.checkpoint,
			engine: option.engine,
			contextLength: settings.contextLength,
			concurrency: settings.concurrency,
			kvCacheDtype: settings.kvCacheDtype,
			gguf: option.gguf ?? undefined,
			engineVersion: context.version,
			...knobs,
		},
		gpus[0],
		context.support,
	);
	const kvDtype = profile.kvCacheDtype(settings.kvCacheDtype).dtype;
	const oneRequest =
		settings.concurrency === 1
			? estimate.kv
			: profile.memory.kvCache({ model, contextLength: settings.contextLength, concurrency: 1, dtype: kvDtype, knobs, version: context.version, support: context.support, gpu: gpus[0] });
	const moe = model.moe;
	const hostBytes = moe && settings.cpuMoeLayers > 0 ? (estimate.expertWeightsBytes / moe.moeLayerCount) * Math.min(settings.cpuMoeLayers, moe.moeLayerCount) : 0;
	const budgets = gpus.map((gpu) =>
		profile.memory.budget({ gpu, gpuMemoryUtilization: settings.gpuMemoryUtilization, memFractionStatic: settings.memFractionStatic, tensorParallelSize: ranks, version: context.version }),
	);
	const shares = profile.parallelism.shares(budgets);
	const overheadPerGpu = estimate.overheadBytes / ranks;
	const kvTotal = estimate.kvCacheBytes;
	const requestTotal = (oneRequest.fullLayerBytes + oneRequest.slidingLayerBytes) * ranks;
	const accounts = gpus.map((gpu, i): GpuAccount => {
		const weightsBytes = (estimate.weightsBytes - hostBytes) * shares[i];
		return {
			gpu,
			visibleBytes: profile.memory.visibleBytes?.(gpu) ?? gpu.totalBytes,
			budgetBytes: budgets[i],
			weightsBytes,
			overheadBytes: overheadPerGpu,
			overheadParts: estimate.overheadParts,
			kvAvailableBytes: budgets[i] - weightsBytes - overheadPerGpu,
			kvNeededBytes: kvTotal * shares[i],
			kvRequestBytes: requestTotal * shares[i],
			hostBytes: hostBytes * shares[i],
		};
	});
	const slack = (a: GpuAccount) => a.kvAvailableBytes - a.kvNeededBytes;
	const tightest = accounts.reduce((worst, a) => (slack(a) < slack(worst) ? a : worst));
	return { estimate, accounts, tightest, fits: accounts.every((a) => slack(a) >= 0) };
}

/** The largest context that fits, in steps of 256 tokens (the model's limit when that fits; 1 when only a token does). */
function largestContext(test: (ctx: number) => boolean, limit: number): number {
	if (test(limit)) return limit;
	const steps = largestPassing(1, Math.floor(limit / 256), (n) => test(n * 256));
	if (steps !== null) return steps * 256;
	return test(1) ? 1 : 0;
}

function memoryOf(accounting: Accounting, hostBytes: number): CandidateMemory {
	const { estimate, accounts, tightest } = accounting;
	const overheadBytes = accounts.reduce((sum, a) => sum + a.overheadBytes, 0);
	const weightsBytes = estimate.weightsBytes - hostBytes;
	const memory: CandidateMemory = {
		weightsBytes: Math.round(weightsBytes),
		kvCacheBytes: estimate.kvCacheBytes,
		overheadBytes: Math.round(overheadBytes),
		totalBytes: Math.round(weightsBytes + estimate.kvCacheBytes + overheadBytes),
		availableBytes: Math.floor(accounts.reduce((sum, a) => sum + a.budgetBytes, 0)),
		gpu: {
			index: tightest.gpu.gpu.index,
			visibleBytes: Math.round(tightest.visibleBytes),
			budgetBytes: Math.round(tightest.budgetBytes),
			weightsBytes: Math.round(tightest.weightsBytes),
			overhead: tightest.overheadParts.map((part) => ({ name: part.name, bytes: Math.round(part.bytes) })),
			kvAvailableBytes: Math.round(tightest.kvAvailableBytes),
		},
	};
	if (accounts.length > 1) {
		memory.perGpu = accounts.map((a) => ({
			index: a.gpu.gpu.index,
			totalBytes: Math.round(a.weightsBytes + a.kvNeededBytes + a.overheadBytes),
			availableBytes: Math.floor(a.budgetBytes),
		}));
	}
	if (hostBytes > 0) memory.hostBytes = Math.round(hostBytes);
	return memory;
}

/** When the model does not fit: MoE experts to system RAM first (--n-cpu-moe, the fewest layers), then whole layers (-ngl). */
function offloadPlan(context: PlanContext, settings: StartupSettings, accounting: Accounting): { cpuMoeLayers: number; gpuLayers: number | null; hostBytes: number } | null {
	const { model } = context;
	const moe = model.moe;
	const expertsPerLayer = moe ? accounting.estimate.expertWeightsBytes / moe.moeLayerCount : 0;
	if (moe && expertsPerLayer > 0) {
		const layers = smallestPassing(1, moe.moeLayerCount, (n) => accountPlan(context, { ...settings, cpuMoeLayers: n }).fits);
		if (layers !== null) return { cpuMoeLayers: layers, gpuLayers: null, hostBytes: layers * expertsPerLayer };
	}
	const cpuMoeLayers = moe ? moe.moeLayerCount : 0;
	const base = accountPlan(context, { ...settings, cpuMoeLayers });
	const deficit = base.accounts.reduce((sum, a) => sum + a.weightsBytes + a.kvNeededBytes + a.overheadBytes - a.budgetBytes, 0);
	const onGpuPerLayer = (base.estimate.weightsBytes - cpuMoeLayers * expertsPerLayer + base.estimate.kvCacheBytes) / model.numLayers;
	const cpuLayers = Math.ceil(deficit / onGpuPerLayer);
	if (cpuLayers >= model.numLayers) return null;
	return { cpuMoeLayers, gpuLayers: model.numLayers - cpuLayers, hostBytes: cpuMoeLayers * expertsPerLayer + cpuLayers * onGpuPerLayer };
}

export function planOption(context: PlanContext, settings: PlanSettings): Plan {
	const { profile, model, gpus } = context;
	// CUDA gives a process one MIG instance: no parallelism across instances.
	const counts = gpus.some((g) => g.migProfile) ? [1] : profile.parallelism.gpuCounts(model, gpus.length);
	const byCount = new Map<number, Accounting>();
	const at = (count: number, ctx = settings.contextLength): Accounting => {
		if (ctx !== settings.contextLength) return accountPlan(context, { ...startupSettings(settings, count), contextLength: ctx });
		let accounting = byCount.get(count);
		if (!accounting) byCount.set(count, (accounting = accountPlan(context, startupSettings(settings, count))));
		return accounting;
	};

	const chosen = counts.find((count) => at(count).fits) ?? counts[counts.length - 1];
	const base = startupSettings(settings, chosen);
	const accounting = at(chosen);
	const startup = profile.memory.startup({
		model,
		option: context.option,
		settings: base,
		gpus,
		version: context.version,
		// The first question is about the settings planned: answered from the accounting already made.
		account: (changed) => (changed === base ? accounting.tightest : accountPlan(context, changed).tightest),
	});
	const tightest = accounting.tightest;
	const offload = !accounting.fits && profile.memory.cpuOffload ? offloadPlan(context, base, accounting) : null;
	// The largest context and the KV capacity are searched only when read (candidates that are returned).
	let largest: number | undefined;
	let capacity: KvCapacity | undefined;
	return {
		gpuCount: chosen,
		tensorParallelSize: profile.parallelism.tensorParallelSize(chosen),
		tensorSplit: profile.parallelism.tensorSplit(accounting.accounts.map((a) => a.budgetBytes)),
		estimate: accounting.estimate,
		startup,
		account: tightest,
		// Fits entirely means the engine also starts (vLLM refuses when free memory is below its request).
		fits: offload ? false : accounting.fits && startup.verdict === 'starts',
		memory: memoryOf(accounting, offload?.hostBytes ?? 0),
		cpuMoeLayers: offload?.cpuMoeLayers ?? 0,
		gpuLayers: offload?.gpuLayers ?? null,
		offloaded: offload !== null,
		get maxContextLength() {
			largest ??= largestContext((ctx) => at(chosen, ctx).fits, model.maxContextLength);
			// An offload plan is sized for the requested context.
			return offload ? Math.max(largest, settings.contextLength) : largest;
		},
		get capacity() {
			capacity ??= profile.memory.capacity({
				model,
				contextLength: settings.contextLength,
				dtype: profile.kvCacheDtype(settings.kvCacheDtype).dtype,
				knobs: { ...base.knobs, tensorParallelSize: profile.parallelism.ranks(chosen) },
				gpu: tightest.gpu,
				version: context.version,
				availableBytes: Math.max(0, tightest.kvAvailableBytes),
				concurrency: settings.concurrency,
			});
			return capacity;
		},
	};
}
