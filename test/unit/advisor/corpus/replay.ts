/**
 * Replays one corpus case through the advisor: the same model, format, GPU, engine version and settings, and the
 * figures the advisor predicts for every figure the engine printed.
 */
import { accountPlan, type PlanContext } from '../../../../lib/advisor/plan';
import { estimateDecodeSpeed } from '../../../../lib/advisor/speed';
import { supportFor, weakestSupport } from '../../../../lib/advisor/support';
import { usableGpus } from '../../../../lib/advisor/gpus';
import { engineProfile, type EngineId } from '../../../../lib/engines/registry';
import { kvBytesPerTokenPerLayer } from '../../../../lib/engines/common/kv';
import { llamaCppKvStreams } from '../../../../lib/engines/llama.cpp/memory';
import { ollamaLlamaCppBuild } from '../../../../lib/engines/ollama/memory';
import type { GgufBackend, KvCacheDtype, PlanOption, StartupCheck, StartupSettings } from '../../../../lib/engines/types';
import { findFormat } from '../../../../lib/knowledge/formats';
import { weightBytes } from '../../../../lib/models/weights';
import type { ModelSpec } from '../../../../lib/models/types';
import type { CheckpointKind, DecodeSpeedEstimate, GpuInfo } from '../../../../lib/types';
import type { EngineLogCase } from '../../../fixtures/engine-logs/schema';
import { CORPUS_MODELS } from './models';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** How to replay a case: what the case does not say in its settings, each choice commented where it is made. */
export interface CaseSetup {
	format: string;
	checkpoint?: CheckpointKind;
	/** A catalog GPU id or a GPU object (when the case gives memory the catalog row does not). */
	gpu: string | Partial<GpuInfo>;
	/** Engine version as the advisor reads it (vLLM "0.11.2", llama.cpp "b6202", Ollama "0.30.2"). */
	version?: string;
	/** Context per sequence, when the settings do not give it (the engine's default then). */
	contextLength?: number;
	concurrency?: number;
	backend?: GgufBackend;
	/** llama.cpp flash attention when the case's settings do not say. */
	flashAttention?: boolean;
	/** Why a choice above was made, when it needs saying. */
	note?: string;
	/** Only for the model's weights file: the weights the case's file holds, when its format differs from the option's. */
	fileFormat?: { format: string; checkpoint: CheckpointKind };
	/** Figures (printed keys, 'verdict' or 'decode') not compared, each with the reason. */
	excluded?: Record<string, string>;
}

export interface Replay {
	model: ModelSpec;
	figures: Record<string, number | undefined>;
	startup: StartupCheck;
	speed: DecodeSpeedEstimate | null;
}

function kvDtypeOf(value: string | null | undefined): KvCacheDtype | undefined {
	if (!value) return undefined;
	return value === 'f16' ? undefined : (value as KvCacheDtype);
}

export function replay(c: EngineLogCase, setup: CaseSetup): Replay {
	const model = CORPUS_MODELS[c.model];
	if (!model) throw new Error(`no model spec for ${c.model}`);
	const engine = c.engine as EngineId;
	const profile = engineProfile(engine);
	const checkpoint = setup.checkpoint ?? profile.checkpoint;
	const format = findFormat(setup.format, checkpoint);
	if (!format) throw new Error(`no format ${setup.format}`);
	const s = c.settings;
	const tp = s.tensorParallelSize ?? s.tp ?? 1;
	const gpuCount = profile.parallelism.ranks(c.gpuCount) > 1 ? tp : c.gpuCount;
	const gpus = usableGpus(Array.from({ length: Math.max(c.gpuCount, tp) }, () => setup.gpu));
	const concurrency = setup.concurrency ?? s.parallel ?? 1;
	const contextLength = setup.contextLength ?? s.maxModelLen ?? s.contextLength ?? (s.nCtx ? s.nCtx / concurrency : undefined) ?? model.maxContextLength;
	const option: PlanOption = { engine, format, repo: c.model, file: null, modelKey: null, onlineQuantization: false, castToFp16: false, isModelNative: true, gguf: null };
	const version = setup.version;
	const support = weakestSupport(gpus.map((g) => supportFor(engine, format, g.gpu, version)));
	const context: PlanContext = { profile, model, option, support: support.row, version, gpus };
	const settings: StartupSettings = {
		contextLength,
		concurrency,
		gpuMemoryUtilization: s.gpuMemoryUtilization ?? undefined,
		memFractionStatic: s.memFractionStatic ?? undefined,
		kvCacheDtype: kvDtypeOf(s.kvCacheDtype ?? s.cacheTypeK),
		knobs: {
			maxNumBatchedTokens: s.maxNumBatchedTokens ?? undefined,
			maxNumSeqs: s.maxNumSeqs ?? undefined,
			ubatch: s.nUbatch ?? undefined,
			enforceEager: s.enforceEager ?? undefined,
			blockSize: s.blockSize ?? undefined,
			flashAttention: s.flashAttn ?? setup.flashAttention,
			backend: setup.backend,
		},
		gpuCount,
		cpuMoeLayers: s.nCpuMoe ?? 0,
	};
	const accounting = accountPlan(context, settings);
	const account = accounting.tightest;
	const startup = profile.memory.startup({ model, option, settings, gpus, version, account: (changed) => accountPlan(context, changed).tightest });
	const kvDtype = profile.kvCacheDtype(settings.kvCacheDtype).dtype;
	const capacity = profile.memory.capacity({
		model,
		contextLength,
		dtype: kvDtype,
		knobs: { ...settings.knobs, tensorParallelSize: profile.parallelism.ranks(gpuCount) },
		gpu: account.gpu,
		version,
		availableBytes: Math.max(0, account.kvAvailableBytes),
		concurrency,
	});
	const part = (name: RegExp) => account.overheadParts.find((p) => name.test(p.name))?.bytes;
	const kv = accounting.estimate.kv;
	const file = setup.fileFormat ? findFormat(setup.fileFormat.format, setup.fileFormat.checkpoint)! : format;
	const fileBytes = weightBytes(model, file).total;
	const poolPerLayerBytes = kvBytesPerTokenPerLayer(model, kvDtype, tp) / 2;
	// llama.cpp prints cells per KV stream (one per sequence in current builds).
	const streams = llamaCppKvStreams(concurrency, engine === 'ollama' ? ollamaLlamaCppBuild(version) : version);
	const figures: Record<string, number | undefined> = {
		modelLoadingGiB: account.weightsBytes / GIB,
		loadingModelWeightsGB: account.weightsBytes / GIB,
		availableKvCacheGiB: account.kvAvailableBytes / GIB,
		kvCacheSizeGiB: account.kvAvailableBytes / GIB,
		gpuKvCacheTokens: capacity.tokens,
		numGpuBlocks: capacity.tokens / (s.blockSize ?? 16),
		maxConcurrency: capacity.maxConcurrency,
		torchPeakIncreaseGiB: (part(/activation/) ?? 0) / GIB,
		peakTorchMemoryGiB: (account.weightsBytes + (part(/activation/) ?? 0)) / GIB,
		nonTorchGiB: (part(/non-torch/) ?? 0) / GIB,
		requestedMemoryGiB: account.budgetBytes / GIB,
		totalMemoryGiB: account.visibleBytes / GIB,
		fileSizeGiB: fileBytes / GIB,
		modelBufferMiB: account.weightsBytes / MIB,
		breakdownModelMiB: account.weightsBytes / MIB,
		cpuModelBufferMiB: (fileBytes - account.weightsBytes) / MIB,
		kvBufferMiB: kv.fullLayerBytes / MIB,
		swaKvBufferMiB: kv.slidingLayerBytes / MIB,
		kvCells: kv.fullCells / streams,
		swaKvCells: kv.slidingCells / streams,
		breakdownContextMiB: (kv.fullLayerBytes + kv.slidingLayerBytes) / MIB,
		computeBufferMiB: (part(/compute/) ?? 0) / MIB,
		breakdownComputeMiB: (part(/compute/) ?? 0) / MIB,
		failedAllocationBytes: part(/compute/),
		fitProjectedMiB: (account.weightsBytes + account.kvNeededBytes + (part(/compute/) ?? 0)) / MIB,
		kvTokens: capacity.tokens,
		kSizeGB: (capacity.tokens * poolPerLayerBytes * model.numLayers) / GIB,
		vSizeGB: (capacity.tokens * poolPerLayerBytes * model.numLayers) / GIB,
		guardrailEstimateGB: (accounting.estimate.totalBytes + (fileBytes - account.weightsBytes)) / 1e9,
	};
	const decode = c.decode;
	const speed = decode
		? estimateDecodeSpeed({
				profile,
				model,
				estimate: accounting.estimate,
				gpus,
				tensorParallelSize: profile.parallelism.ranks(gpuCount),
				concurrency: decode.concurrency,
				contextDepth: decode.depthTokens ?? (decode.promptTokens ?? 0) + Math.round((decode.outputTokens ?? 0) / 2),
				kvDtype,
				version,
			})
		: null;
	return { model, figures, startup, speed };
}
