/** pickQuantFormat: for GPUs + model + engine, every viable (engine, format, checkpoint) planned, ranked and explained. */
import { inputError } from '../errors';
import type { Candidate, Engine, EngineChoice } from '../types';
import { inspectGguf } from '../gguf/inspect';
import { loadModel } from '../models/load';
import type { ModelSpec } from '../models/types';
import { engineArgs } from './engineArgs';
import { LLAMA_CPP_DEFAULT_CONTEXT, VLLM_DEFAULT_GPU_MEMORY_UTILIZATION } from './engineDefaults';
import { usableGpus, type UsableGpu } from './gpus';
import { inspectedGgufOption, planOptions, type PlanOption } from './options';
import { planOption, type Plan, type PlanSettings } from './plan';
import { candidateReasons, engineLabel, gib, summaryLine } from './reasons';
import { scoreCandidate } from './score';
import { supportFor, weakestSupport, type SupportDecision } from './support';
import type { KvCacheDtype, PickQuantFormatInput, PickResultDetail, RejectedOption } from './types';

const ENGINE_CHOICES: readonly EngineChoice[] = ['vllm', 'llama.cpp', 'lmstudio', 'any'];
const KV_DTYPES: readonly KvCacheDtype[] = ['auto', 'f16', 'bf16', 'fp8', 'fp8_e4m3', 'fp8_e5m2', 'q8_0', 'q4_0'];

function enginesFor(choice: EngineChoice): Engine[] {
	return choice === 'any' ? ['vllm', 'llama.cpp', 'lmstudio'] : [choice];
}

function validate(input: PickQuantFormatInput): { engine: EngineChoice; concurrency: number; utilization: number } {
	const engine = (input.engine ?? 'any') as EngineChoice;
	if (!ENGINE_CHOICES.includes(engine)) throw inputError(`Unknown engine "${String(input.engine)}".`, 'Use vllm, llama.cpp, lmstudio or any.');
	if (input.contextLength !== undefined && !(Number.isFinite(input.contextLength) && input.contextLength > 0)) {
		throw inputError(`Context length must be above 0 (got ${String(input.contextLength)}).`, 'Set the context length to the tokens one request needs, e.g. 8192.');
	}
	const concurrency = input.concurrency ?? 1;
	if (!(Number.isFinite(concurrency) && concurrency >= 1)) {
		throw inputError(`Concurrency must be 1 or more (got ${String(input.concurrency)}).`, 'Set concurrency to the number of requests served at once.');
	}
	const utilization = input.gpuMemoryUtilization ?? VLLM_DEFAULT_GPU_MEMORY_UTILIZATION;
	if (!(utilization > 0 && utilization <= 1)) {
		throw inputError(`GPU memory utilization must be in (0, 1] (got ${String(input.gpuMemoryUtilization)}).`, 'Use a fraction such as 0.9.');
	}
	if (input.kvCacheDtype !== undefined && !KV_DTYPES.includes(input.kvCacheDtype)) {
		throw inputError(`Unknown KV cache dtype "${String(input.kvCacheDtype)}".`, `Use one of ${KV_DTYPES.join(', ')}.`);
	}
	return { engine, concurrency: Math.floor(concurrency), utilization };
}

function contextFor(engine: Engine, input: PickQuantFormatInput, model: ModelSpec): { ctx: number; capped: boolean } {
	const wanted = input.contextLength ?? (engine === 'vllm' ? model.maxContextLength : LLAMA_CPP_DEFAULT_CONTEXT);
	const ctx = Math.min(Math.floor(wanted), model.maxContextLength);
	return { ctx, capped: wanted > model.maxContextLength };
}

function buildCandidate(
	model: ModelSpec,
	option: PlanOption,
	plan: Plan,
	support: SupportDecision,
	used: UsableGpu[],
	settings: PlanSettings,
	capped: boolean,
	quality: number,
): Candidate {
	const { reasons, warnings } = candidateReasons({ model, option, plan, support, gpus: used, settings, capped });
	const env = support.row?.env ?? {};
	const args = engineArgs({
		option,
		model,
		contextLength: settings.contextLength,
		concurrency: settings.concurrency,
		gpuCount: plan.gpuCount,
		tensorParallelSize: plan.tensorParallelSize ?? 1,
		gpuMemoryUtilization: settings.gpuMemoryUtilization,
		kvCacheDtype: settings.kvCacheDtype,
		env,
		cpuMoeLayers: plan.cpuMoeLayers,
		gpuLayers: plan.gpuLayers,
		tensorSplit: plan.tensorSplit,
	});
	return {
		format: option.format.id,
		engine: option.engine,
		checkpoint: option.format.checkpoint,
		execution: support.execution,
		fits: plan.fits,
		gpuCount: plan.gpuCount,
		tensorParallelSize: plan.tensorParallelSize,
		memory: plan.memory,
		maxContextLength: plan.maxContextLength,
		engineArgs: args,
		reasons,
		warnings,
		score: scoreCandidate({
			fits: plan.fits,
			offloaded: plan.offloaded,
			execution: support.execution,
			quality,
			gpuCount: plan.gpuCount,
			engine: option.engine,
			neededBytes: plan.memory.totalBytes,
			availableBytes: plan.memory.availableBytes,
		}),
	};
}

function qualityOf(option: PlanOption, model: ModelSpec): number {
	if (option.isModelNative && option.format.checkpoint === 'safetensors') return 100;
	// The gpt-oss GGUF keeps the experts bit-identical; only the small BF16 tensors go to Q8_0.
	if (option.isModelNative && model.nativeFormat === 'MXFP4') return 97;
	return option.format.quality;
}

export async function pickQuantFormat(input: PickQuantFormatInput): Promise<PickResultDetail> {
	const { engine, concurrency, utilization } = validate(input);
	const gpus = usableGpus(input.gpus);
	const model = await loadModel(input.model);
	const engines = enginesFor(engine);
	const vendors = [...new Set(gpus.map((g) => g.gpu.vendor))];
	const hasBf16 = gpus.every((g) => g.gpu.vendor !== 'nvidia' || g.gpu.nativeFormats.includes('BF16'));
	const options = planOptions(model, engines, vendors, hasBf16);
	if (input.ggufFile) {
		const inspection = await inspectGguf(input.ggufFile);
		for (const e of engines.filter((x) => x !== 'vllm')) options.unshift(inspectedGgufOption(e, inspection, input.ggufFile));
	}

	const candidates: Candidate[] = [];
	const rejected: RejectedOption[] = [];
	for (const option of options) {
		const version = option.engine === 'vllm' ? input.engineVersions?.vllm : input.engineVersions?.llamaCpp;
		const { ctx, capped } = contextFor(option.engine, input, model);
		const settings: PlanSettings = {
			contextLength: ctx,
			concurrency,
			gpuMemoryUtilization: utilization,
			kvCacheDtype: input.kvCacheDtype,
			maxNumBatchedTokens: input.maxNumBatchedTokens,
			maxNumSeqs: input.maxNumSeqs,
			ubatch: input.ubatch,
		};
		const support = weakestSupport(gpus.map((g) => supportFor(option.engine, option.format, g.gpu, version)));
		if (support.execution === 'unsupported') {
			const gpu = gpus[0].gpu;
			rejected.push({
				engine: option.engine,
				format: option.format.id,
				checkpoint: option.format.checkpoint,
				reason:
					support.row?.note ??
					`${engineLabel(option.engine)} has no ${option.format.id} path on ${gpu.name} (${gpu.isa ?? gpu.architecture}).`,
			});
			continue;
		}
		const plan = planOption(model, option, gpus, settings);
		candidates.push(buildCandidate(model, option, plan, support, gpus.slice(0, plan.gpuCount), settings, capped, qualityOf(option, model)));
	}

	candidates.sort((a, b) => b.score - a.score);
	const recommended = candidates[0] ?? null;
	if (recommended && !recommended.fits) {
		recommended.warnings.unshift(
			`Nothing fits entirely in GPU memory; this is the best partial option (needs ${gib(recommended.memory.totalBytes)} GiB, ${gib(recommended.memory.availableBytes)} GiB available).`,
		);
	}
	const kept = input.topN && input.topN > 0 ? candidates.slice(0, input.topN) : candidates;
	return {
		recommended,
		candidates: kept,
		summary: summaryLine(model, recommended, gpus, rejected),
		rejected,
		model: { id: model.id, displayName: model.displayName, maxContextLength: model.maxContextLength },
	};
}

