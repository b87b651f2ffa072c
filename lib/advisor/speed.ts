/**
 * Decode speed from a roofline: each decode step reads the weights the batch touches and every sequence's KV cache,
 *   step time = bytes / (efficiency x memory bandwidth) + time per decoder layer x layers + time per sequence,
 * with the engine's calibration row (lib/engines/<id>/speed.ts) fitted on the log corpus's published decode figures.
 * MoE: a step touches each expert with probability 1 - (1 - k/E)^batch.
 */
import type { DecodeSpeedEstimate } from '../types';
import { compareEngineVersions } from '../engines/common/versions';
import { kvBytesPerTokenPerLayer } from '../engines/common/kv';
import type { EngineProfile, KvCacheDtype, SpeedCalibration, UsableGpu } from '../engines/types';
import type { ModelSpec } from '../models/types';
import type { MemoryEstimateDetail } from './types';

export interface SpeedInput {
	profile: EngineProfile;
	model: ModelSpec;
	estimate: MemoryEstimateDetail;
	/** The GPUs decoding (tensor parallelism reads from all of them at once; a layer split one after the other). */
	gpus: UsableGpu[];
	tensorParallelSize: number;
	concurrency: number;
	/** Tokens in each sequence's context while decoding. */
	contextDepth: number;
	kvDtype: KvCacheDtype | undefined;
	version: string | undefined;
}

function versionIn(row: SpeedCalibration, version: string | undefined): boolean {
	if (version === undefined || !/^[bv]?\d/.test(version)) return row.maxVersion === undefined;
	if (row.minVersion && compareEngineVersions(version, row.minVersion) < 0) return false;
	if (row.maxVersion && compareEngineVersions(version, row.maxVersion) > 0) return false;
	return true;
}

export function calibrationFor(profile: EngineProfile, gpu: UsableGpu, version: string | undefined): SpeedCalibration | null {
	return (
		profile.speed.find(
			(row) =>
				(row.vendor === undefined || row.vendor === gpu.gpu.vendor) &&
				(row.unifiedMemory === undefined || row.unifiedMemory === gpu.gpu.unifiedMemory) &&
				versionIn(row, version),
		) ?? null
	);
}

/** KV bytes one sequence reads per step at a context depth, over all GPUs. */
function kvReadBytes(model: ModelSpec, depth: number, dtype: KvCacheDtype | undefined): number {
	const perLayer = kvBytesPerTokenPerLayer(model, dtype);
	const window = model.slidingWindow ?? depth;
	return model.layerTypes.reduce((sum, type) => sum + perLayer * (type === 'sliding' ? Math.min(depth, window) : depth), 0);
}

export function estimateDecodeSpeed(input: SpeedInput): DecodeSpeedEstimate | null {
	const { model, estimate, gpus, concurrency, contextDepth } = input;
	const gpu = gpus[0];
	const bandwidth = gpu.gpu.memoryBandwidthGBps;
	const row = calibrationFor(input.profile, gpu, input.version);
	if (!bandwidth || !row) return null;
	// Tensor parallelism reads every GPU's share at once; a layer split reads the GPUs one after the other.
	const readers = Math.max(1, input.tensorParallelSize);
	const bytesPerSecond = row.efficiency * bandwidth * 1e9 * readers;
	const dense = estimate.weightsBytes - estimate.embeddingBytes - estimate.expertWeightsBytes;
	const moe = model.moe;
	const touched = (batch: number) => (moe ? 1 - Math.pow(1 - moe.expertsPerToken / moe.numExperts, batch) : 0);
	const kvRead = kvReadBytes(model, contextDepth, input.kvDtype);
	const fixedMs = row.msPerLayer * model.numLayers;
	const stepMs = (batch: number) =>
		((dense + estimate.expertWeightsBytes * touched(batch) + batch * kvRead) / bytesPerSecond) * 1000 + fixedMs + batch * row.msPerSequence;
	const single = 1000 / stepMs(1);
	const perStream = 1000 / stepMs(concurrency);
	const round = (x: number) => Math.round(x * 10) / 10;
	return {
		estimate: true,
		basis:
			`Estimated decode speed, not a measurement: a roofline over ${bandwidth.toFixed(0)} GB/s x ${readers} GPU(s) at ${Math.round(row.efficiency * 100)} % efficiency ` +
			`plus ${fixedMs.toFixed(2)} ms per step (${row.msPerLayer} ms x ${model.numLayers} layers) and ${row.msPerSequence} ms per sequence (${input.profile.label} calibration: ${row.note}), ` +
			`reading ${(dense / 1e9 + (estimate.expertWeightsBytes * touched(1)) / 1e9).toFixed(2)} GB of weights and ${(kvRead / 1e9).toFixed(3)} GB of KV cache per token at ${contextDepth} tokens of context.`,
		singleStreamTokensPerSecond: round(single),
		concurrency,
		perStreamTokensPerSecond: round(perStream),
		totalTokensPerSecond: round(perStream * concurrency),
		contextDepth,
		bytesPerToken: Math.round(dense + estimate.expertWeightsBytes * touched(1) + kvRead),
		memoryBandwidthGBps: bandwidth,
		efficiency: row.efficiency,
		fixedMsPerStep: Math.round(fixedMs * 100) / 100,
	};
}
