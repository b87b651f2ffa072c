/**
 * Plans one option on the given GPUs: how many GPUs (vLLM tensor parallelism that divides the heads,
 * llama.cpp layer split), memory per GPU, largest context that fits, and an offload plan when nothing fits.
 */
import type { CandidateMemory, Engine } from '../types';
import type { ModelSpec } from '../models/types';
import { estimateMemoryDetailed } from './estimateMemory';
import { vllmBatchDefaults, LLAMA_CPP_DEFAULT_UBATCH } from './engineDefaults';
import type { UsableGpu } from './gpus';
import type { PlanOption } from './options';
import type { KvCacheDtype, MemoryEstimateDetail } from './types';

export interface PlanSettings {
	contextLength: number;
	concurrency: number;
	gpuMemoryUtilization: number;
	kvCacheDtype: KvCacheDtype | undefined;
	maxNumBatchedTokens?: number;
	maxNumSeqs?: number;
	ubatch?: number;
}

export interface Plan {
	gpuCount: number;
	tensorParallelSize: number | null;
	fits: boolean;
	memory: CandidateMemory;
	maxContextLength: number;
	estimate: MemoryEstimateDetail;
	cpuMoeLayers: number;
	gpuLayers: number | null;
	tensorSplit: number[] | null;
	/** True when the plan runs only by keeping part of the model in system RAM. */
	offloaded: boolean;
}

type Fit = { fits: boolean; estimate: MemoryEstimateDetail; perGpuNeed: number[]; perGpuAvail: number[] };

function estimateFor(model: ModelSpec, option: PlanOption, settings: PlanSettings, ctx: number, tp: number, batch: { tokens: number; seqs: number }) {
	return estimateMemoryDetailed({
		model,
		format: option.format.id,
		checkpoint: option.format.checkpoint,
		engine: option.engine,
		contextLength: ctx,
		concurrency: settings.concurrency,
		kvCacheDtype: settings.kvCacheDtype,
		gguf: option.gguf ?? undefined,
		tensorParallelSize: tp,
		maxNumBatchedTokens: batch.tokens,
		maxNumSeqs: batch.seqs,
		ubatch: settings.ubatch ?? LLAMA_CPP_DEFAULT_UBATCH,
	});
}

function available(gpu: UsableGpu, engine: Engine, utilization: number): number {
	// vLLM budgets a share of total memory; llama.cpp can use what is free.
	return engine === 'vllm' ? gpu.totalBytes * utilization : (gpu.freeBytes ?? gpu.totalBytes);
}

/** Tensor-parallel sizes vLLM accepts here: powers of two that divide attention and KV heads. */
export function tensorParallelSizes(model: ModelSpec, gpuCount: number): number[] {
	const sizes: number[] = [];
	for (let tp = 1; tp <= gpuCount; tp *= 2) {
		if (model.numAttentionHeads % tp === 0 && model.numKeyValueHeads % tp === 0) sizes.push(tp);
	}
	return sizes;
}

function fitOn(model: ModelSpec, option: PlanOption, settings: PlanSettings, gpus: UsableGpu[], ctx: number, batch: { tokens: number; seqs: number }): Fit {
	const count = gpus.length;
	const isVllm = option.engine === 'vllm';
	const estimate = estimateFor(model, option, settings, ctx, isVllm ? count : 1, batch);
	const perGpuAvail = gpus.map((g) => available(g, option.engine, settings.gpuMemoryUtilization));
	const overheadPerGpu = isVllm ? estimate.overheadBytes / count : estimate.overheadBytes;
	const shared = estimate.weightsBytes + estimate.kvCacheBytes;
	let perGpuNeed: number[];
	if (isVllm) {
		perGpuNeed = gpus.map(() => shared / count + overheadPerGpu);
	} else {
		// llama.cpp splits layers in proportion to each GPU's memory (--tensor-split); each GPU has its own buffers.
		const totalAvail = perGpuAvail.reduce((a, b) => a + b, 0);
		perGpuNeed = perGpuAvail.map((a) => (shared * a) / totalAvail + overheadPerGpu);
	}
	const fits = perGpuNeed.every((need, i) => need <= perGpuAvail[i]);
	return { fits, estimate, perGpuNeed, perGpuAvail };
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

function llamaCppOverheadOnAll(fit: Fit, count: number): Fit {
	// estimateMemory counts one set of buffers; with a layer split every GPU carries its own.
	if (count <= 1) return fit;
	const extra = fit.estimate.overheadBytes * (count - 1);
	return { ...fit, estimate: { ...fit.estimate, overheadBytes: fit.estimate.overheadBytes * count, totalBytes: fit.estimate.totalBytes + extra } };
}

/** llama.cpp / LM Studio when the model does not fit: experts to CPU (MoE), then whole layers. */
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
	const first = gpus[0];
	const defaults = vllmBatchDefaults(first.totalBytes, first.gpu.name);
	const batch = { tokens: settings.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens, seqs: settings.maxNumSeqs ?? defaults.maxNumSeqs };
	const limit = model.maxContextLength;
	const isVllm = option.engine === 'vllm';
	const counts = isVllm ? tensorParallelSizes(model, gpus.length) : gpus.map((_, i) => i + 1);

	const fitWith = (count: number, ctx: number): Fit => {
		const used = gpus.slice(0, count);
		const fit = fitOn(model, option, settings, used, ctx, batch);
		return isVllm ? fit : llamaCppOverheadOnAll(fit, count);
	};

	let chosen = counts[counts.length - 1];
	for (const count of counts) {
		if (fitWith(count, settings.contextLength).fits) {
			chosen = count;
			break;
		}
	}
	const used = gpus.slice(0, chosen);
	const fit = fitWith(chosen, settings.contextLength);
	const maxContextLength = largestContext((ctx) => fitWith(chosen, ctx).fits, limit);
	const tensorSplit = !isVllm && chosen > 1 ? fit.perGpuAvail.map((a) => Math.round(a / 1024 ** 3)) : null;

	if (!fit.fits && !isVllm) {
		const offload = offloadPlan(model, fit);
		if (offload) {
			return {
				gpuCount: chosen,
				tensorParallelSize: null,
				fits: false,
				memory: memoryOf(fit, used, offload.hostBytes),
				// The offload plan is sized for the requested context.
				maxContextLength: Math.max(maxContextLength, settings.contextLength),
				estimate: fit.estimate,
				cpuMoeLayers: offload.cpuMoeLayers,
				gpuLayers: offload.gpuLayers,
				tensorSplit,
				offloaded: true,
			};
		}
	}
	return {
		gpuCount: chosen,
		tensorParallelSize: isVllm ? chosen : null,
		fits: fit.fits,
		memory: memoryOf(fit, used),
		maxContextLength,
		estimate: fit.estimate,
		cpuMoeLayers: 0,
		gpuLayers: null,
		tensorSplit,
		offloaded: false,
	};
}
