/**
 * Plans one option on the given GPUs: how many GPUs (as the engine's parallelism allows), memory per GPU
 * against the engine's budget, the largest context that fits, and an offload plan when nothing fits and the
 * engine can keep part of the model in system RAM.
 */
import type { CandidateMemory } from '../types';
import { engineProfile } from '../engines/registry';
import type { EngineProfile, PlanOption, PlanView, UsableGpu } from '../engines/types';
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
}

export interface Plan extends PlanView {
	fits: boolean;
	memory: CandidateMemory;
	maxContextLength: number;
	estimate: MemoryEstimateDetail;
	/** True when the plan runs only by keeping part of the model in system RAM. */
	offloaded: boolean;
}

type Fit = { fits: boolean; estimate: MemoryEstimateDetail; perGpuNeed: number[]; perGpuAvail: number[] };

function fitOn(profile: EngineProfile, model: ModelSpec, option: PlanOption, settings: PlanSettings, gpus: UsableGpu[], ctx: number): Fit {
	const count = gpus.length;
	const ranks = profile.parallelism.ranks(count);
	const estimate = estimateMemoryDetailed(
		{
			model,
			format: option.format.id,
			checkpoint: option.format.checkpoint,
			engine: option.engine,
			contextLength: ctx,
			concurrency: settings.concurrency,
			kvCacheDtype: settings.kvCacheDtype,
			gguf: option.gguf ?? undefined,
			tensorParallelSize: ranks,
			maxNumBatchedTokens: settings.maxNumBatchedTokens,
			maxNumSeqs: settings.maxNumSeqs,
			ubatch: settings.ubatch,
		},
		gpus[0],
	);
	const perGpuAvail = gpus.map((gpu) =>
		profile.memory.budget({ gpu, gpuMemoryUtilization: settings.gpuMemoryUtilization, memFractionStatic: settings.memFractionStatic, tensorParallelSize: ranks }),
	);
	const split = profile.parallelism.split(estimate, perGpuAvail);
	return {
		fits: split.perGpuNeed.every((need, i) => need <= perGpuAvail[i]),
		estimate: { ...estimate, overheadBytes: split.overheadBytes, totalBytes: split.totalBytes },
		perGpuNeed: split.perGpuNeed,
		perGpuAvail,
	};
}

function largestContext(test: (ctx: number) => boolean, limit: number): number {
	if (test(limit)) return limit;
	if (!test(256)) return test(1) ? 1 : 0;
	let lo = 256;
	let hi = limit;
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (test(mid)) lo = mid;
		else hi = mid;
	}
	return lo >= 1024 ? Math.floor(lo / 256) * 256 : lo;
}

function memoryOf(fit: Fit, gpus: UsableGpu[], hostBytes = 0): CandidateMemory {
	const memory: CandidateMemory = {
		weightsBytes: fit.estimate.weightsBytes,
		kvCacheBytes: fit.estimate.kvCacheBytes,
		overheadBytes: fit.estimate.overheadBytes,
		totalBytes: fit.estimate.totalBytes,
		availableBytes: Math.floor(fit.perGpuAvail.reduce((a, b) => a + b, 0)),
	};
	if (gpus.length > 1) {
		memory.perGpu = gpus.map((g, i) => ({
			index: g.gpu.index,
			totalBytes: Math.round(fit.perGpuNeed[i]),
			availableBytes: Math.floor(fit.perGpuAvail[i]),
		}));
	}
	if (hostBytes > 0) memory.hostBytes = Math.round(hostBytes);
	return memory;
}

/** When the model does not fit: MoE experts to system RAM first (--n-cpu-moe), then whole layers (-ngl). */
function offloadPlan(model: ModelSpec, fit: Fit): { cpuMoeLayers: number; gpuLayers: number | null; hostBytes: number } | null {
	const need = fit.perGpuNeed.reduce((a, b) => a + b, 0);
	const avail = fit.perGpuAvail.reduce((a, b) => a + b, 0);
	let deficit = need - avail;
	if (deficit <= 0) return null;
	let cpuMoeLayers = 0;
	let hostBytes = 0;
	if (model.moe && fit.estimate.expertWeightsBytes > 0) {
		const perLayer = fit.estimate.expertWeightsBytes / model.moe.moeLayerCount;
		cpuMoeLayers = Math.min(model.moe.moeLayerCount, Math.ceil(deficit / perLayer));
		hostBytes += cpuMoeLayers * perLayer;
		deficit -= cpuMoeLayers * perLayer;
		if (deficit <= 0) return { cpuMoeLayers, gpuLayers: null, hostBytes };
	}
	const remainingLayerBytes = (fit.estimate.weightsBytes - hostBytes + fit.estimate.kvCacheBytes) / model.numLayers;
	const cpuLayers = Math.ceil(deficit / remainingLayerBytes);
	if (cpuLayers >= model.numLayers) return null;
	hostBytes += cpuLayers * remainingLayerBytes;
	return { cpuMoeLayers, gpuLayers: model.numLayers - cpuLayers, hostBytes };
}

export function planOption(model: ModelSpec, option: PlanOption, gpus: UsableGpu[], settings: PlanSettings): Plan {
	const profile = engineProfile(option.engine);
	const counts = profile.parallelism.gpuCounts(model, gpus.length);
	const fitWith = (count: number, ctx: number): Fit => fitOn(profile, model, option, settings, gpus.slice(0, count), ctx);

	const chosen = counts.find((count) => fitWith(count, settings.contextLength).fits) ?? counts[counts.length - 1];
	const used = gpus.slice(0, chosen);
	const fit = fitWith(chosen, settings.contextLength);
	const maxContextLength = largestContext((ctx) => fitWith(chosen, ctx).fits, model.maxContextLength);
	const base = {
		gpuCount: chosen,
		tensorParallelSize: profile.parallelism.tensorParallelSize(chosen),
		tensorSplit: profile.parallelism.tensorSplit(fit.perGpuAvail),
		estimate: fit.estimate,
	};

	const offload = !fit.fits && profile.memory.cpuOffload ? offloadPlan(model, fit) : null;
	if (offload) {
		return {
			...base,
			fits: false,
			memory: memoryOf(fit, used, offload.hostBytes),
			// The offload plan is sized for the requested context.
			maxContextLength: Math.max(maxContextLength, settings.contextLength),
			cpuMoeLayers: offload.cpuMoeLayers,
			gpuLayers: offload.gpuLayers,
			offloaded: true,
		};
	}
	return { ...base, fits: fit.fits, memory: memoryOf(fit, used), maxContextLength, cpuMoeLayers: 0, gpuLayers: null, offloaded: false };
}
