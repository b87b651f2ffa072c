/** pickQuantFormat: for GPUs + model + engine, every viable (engine, format, checkpoint) planned, ranked and explained. */
import { inputError } from '../errors';
import type { Candidate, ConcurrencyInfo, Engine } from '../types';
import { ENGINE_IDS, engineProfile, isEngineId } from '../engines/registry';
import { inspectedGgufOption } from '../engines/common/options';
import type { EngineProfile, PlanOption, UsableGpu } from '../engines/types';
import type { GgufInspection } from '../gguf/types';
import { inspectGguf } from '../gguf/inspect';
import { loadModel } from '../models/load';
import type { ModelSpec } from '../models/types';
import { MIG_SOURCE, planningOrder, usableGpus, visibleDevicesEnv } from './gpus';
import { planOption, type Plan, type PlanSettings } from './plan';
import { candidateReasons, gib, summaryLine } from './reasons';
import { scoreCandidate } from './score';
import { estimateDecodeSpeed } from './speed';
import { supportFor, weakestSupport, type SupportDecision } from './support';
import type { KvCacheDtype, PickQuantFormatInput, PickResultDetail, RejectedOption } from './types';

const KV_DTYPES: readonly KvCacheDtype[] = ['auto', 'f16', 'bf16', 'fp8', 'fp8_e4m3', 'fp8_e5m2', 'q8_0', 'q4_0'];

function fraction(value: number | undefined, label: string, hint: string): number | undefined {
	if (value !== undefined && !(value > 0 && value <= 1)) throw inputError(`${label} must be in (0, 1] (got ${String(value)}).`, hint);
	return value;
}

function positive(value: number | undefined, label: string, hint: string): void {
	if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw inputError(`${label} must be a whole number above 0 (got ${String(value)}).`, hint);
}

export function validatePickInput(input: Omit<PickQuantFormatInput, 'model' | 'gpus'>): { engines: Engine[]; concurrency: number } {
	const engine: unknown = input.engine ?? 'any';
	if (engine !== 'any' && !isEngineId(engine)) {
		throw inputError(`Unknown engine "${String(input.engine)}".`, `Use one of: ${[...ENGINE_IDS, 'any'].join(', ')}.`);
	}
	if (input.contextLength !== undefined && !(Number.isFinite(input.contextLength) && input.contextLength > 0)) {
		throw inputError(`Context length must be above 0 (got ${String(input.contextLength)}).`, 'Set the context length to the tokens one request needs, e.g. 8192.');
	}
	const concurrency = input.concurrency ?? 1;
	if (!(Number.isFinite(concurrency) && concurrency >= 1)) {
		throw inputError(`Concurrency must be 1 or more (got ${String(input.concurrency)}).`, 'Set concurrency to the number of requests served at once.');
	}
	fraction(input.gpuMemoryUtilization, 'GPU memory utilization', 'Use a fraction such as 0.9.');
	fraction(input.memFractionStatic, 'Mem fraction static', 'Use a fraction such as 0.85.');
	positive(input.maxNumBatchedTokens, 'Max num batched tokens', 'Use e.g. 8192 (vLLM --max-num-batched-tokens).');
	positive(input.maxNumSeqs, 'Max num seqs', 'Use e.g. 256 (vLLM --max-num-seqs).');
	positive(input.ubatch, 'Micro-batch size', 'Use e.g. 512 (llama.cpp -ub).');
	if (input.kvCacheDtype !== undefined && !KV_DTYPES.includes(input.kvCacheDtype)) {
		throw inputError(`Unknown KV cache dtype "${String(input.kvCacheDtype)}".`, `Use one of ${KV_DTYPES.join(', ')}.`);
	}
	return { engines: engine === 'any' ? ENGINE_IDS : [engine as Engine], concurrency: Math.floor(concurrency) };
}

function contextFor(profile: EngineProfile, input: Omit<PickQuantFormatInput, 'model' | 'gpus'>, model: ModelSpec, gpus: UsableGpu[], version: string | undefined) {
	const wanted = input.contextLength ?? profile.defaultContextLength({ model, gpus, version });
	return { ctx: Math.min(Math.floor(wanted), model.maxContextLength), capped: wanted > model.maxContextLength };
}

function qualityOf(option: PlanOption, model: ModelSpec): number {
	if (option.isModelNative && option.format.checkpoint === 'safetensors') return 100;
	// The gpt-oss GGUF keeps the experts bit-identical; only the small BF16 tensors go to Q8_0.
	if (option.isModelNative && model.nativeFormat === 'MXFP4') return 97;
	return option.format.quality;
}

interface CandidateInput {
	model: ModelSpec;
	option: PlanOption;
	plan: Plan;
	support: SupportDecision;
	used: UsableGpu[];
	visibleGpus: UsableGpu[];
	settings: PlanSettings;
	capped: boolean;
	defaultContext: boolean;
	version: string | undefined;
}

function concurrencyOf(plan: Plan, settings: PlanSettings): ConcurrencyInfo {
	return {
		tokensPerRequest: settings.contextLength,
		requested: settings.concurrency,
		maxConcurrency: Math.floor(plan.capacity.maxConcurrency * 100) / 100,
		kvCacheTokens: plan.capacity.tokens,
		maxContextLength: plan.maxContextLength,
	};
}

function scoreOf(option: PlanOption, plan: Plan, support: SupportDecision, model: ModelSpec): number {
	return scoreCandidate({
		fits: plan.fits,
		starts: plan.startup.verdict === 'starts',
		offloaded: plan.offloaded,
		execution: support.execution,
		quality: qualityOf(option, model),
		gpuCount: plan.gpuCount,
		engine: option.engine,
		neededBytes: plan.memory.totalBytes,
		availableBytes: plan.memory.availableBytes,
	});
}

function buildCandidate({ model, option, plan, support, used, visibleGpus, settings, capped, defaultContext, version }: CandidateInput, score: number): Candidate {
	const profile = engineProfile(option.engine);
	const kv = profile.kvCacheDtype(settings.kvCacheDtype);
	const { reasons, warnings } = candidateReasons({ model, option, plan, support, gpus: used, visibleGpus, settings, kv, capped, defaultContext, version });
	const knobs = { maxNumBatchedTokens: settings.maxNumBatchedTokens, maxNumSeqs: settings.maxNumSeqs, ubatch: settings.ubatch, enforceEager: settings.enforceEager };
	const args = profile.args({
		option,
		model,
		contextLength: settings.contextLength,
		concurrency: settings.concurrency,
		plan,
		gpus: used,
		gpuMemoryUtilization: settings.gpuMemoryUtilization,
		memFractionStatic: settings.memFractionStatic,
		kv,
		knobs,
		env: { ...visibleDevicesEnv(used), ...(support.row?.env ?? {}) },
	});
	const speed = plan.offloaded
		? null
		: estimateDecodeSpeed({
				profile,
				model,
				estimate: plan.estimate,
				gpus: used,
				tensorParallelSize: plan.tensorParallelSize ?? 1,
				concurrency: settings.concurrency,
				contextDepth: Math.round(settings.contextLength / 2),
				kvDtype: kv.dtype,
				version,
			});
	const { verdict, check, message } = plan.startup;
	return {
		format: option.format.id,
		engine: option.engine,
		engineLabel: profile.label,
		checkpoint: option.format.checkpoint,
		execution: support.execution,
		fits: plan.fits,
		gpuCount: plan.gpuCount,
		tensorParallelSize: plan.tensorParallelSize,
		memory: plan.memory,
		maxContextLength: plan.maxContextLength,
		startup: { verdict, check, message, fix: null, fixes: [] },
		concurrency: concurrencyOf(plan, settings),
		speed,
		engineArgs: args,
		reasons,
		warnings: [...warnings, ...plan.startup.warnings],
		score,
	};
}

/** Everything after the model and GGUF file are loaded: synchronous, so "what fits" can plan many models quickly. */
export function planModel(
	model: ModelSpec,
	givenGpus: UsableGpu[],
	input: Omit<PickQuantFormatInput, 'model' | 'gpus'>,
	gguf: { inspection: GgufInspection; source: string } | null = null,
): PickResultDetail {
	const { engines, concurrency } = validatePickInput(input);
	const gpus = planningOrder(givenGpus);
	const vendors = [...new Set(gpus.map((g) => g.gpu.vendor))];
	const isas = [...new Set(gpus.map((g) => g.gpu.isa ?? ''))].filter(Boolean);
	const hasBf16 = gpus.every((g) => g.gpu.vendor !== 'nvidia' || g.gpu.nativeFormats.includes('BF16'));
	const options = engines.flatMap((engine) => engineProfile(engine).options({ model, vendors, hasBf16, isas }));
	if (gguf) {
		for (const engine of engines.filter((e) => engineProfile(e).acceptsGgufFile)) options.unshift(inspectedGgufOption(engine, gguf.inspection, gguf.source));
	}

	const planned: Array<{ input: CandidateInput; score: number }> = [];
	const rejected: RejectedOption[] = [];
	for (const option of options) {
		const profile = engineProfile(option.engine);
		const version = profile.version(input.engineVersions ?? {});
		const support = weakestSupport(gpus.map((g) => supportFor(option.engine, option.format, g.gpu, version)));
		if (support.execution === 'unsupported') {
			const gpu = gpus[0].gpu;
			rejected.push({
				engine: option.engine,
				format: option.format.id,
				checkpoint: option.format.checkpoint,
				reason: support.row?.note ?? `${profile.longLabel} has no ${option.format.id} path on ${gpu.name} (${gpu.isa ?? gpu.architecture}).`,
			});
			continue;
		}
		const { ctx, capped } = contextFor(profile, input, model, gpus, version);
		const settings: PlanSettings = {
			contextLength: ctx,
			concurrency,
			gpuMemoryUtilization: input.gpuMemoryUtilization,
			memFractionStatic: input.memFractionStatic,
			kvCacheDtype: input.kvCacheDtype,
			maxNumBatchedTokens: input.maxNumBatchedTokens,
			maxNumSeqs: input.maxNumSeqs,
			ubatch: input.ubatch,
			enforceEager: input.enforceEager,
		};
		const plan = planOption({ profile, model, option, support: support.row, version, gpus }, settings);
		const used = gpus.slice(0, plan.gpuCount);
		const candidateInput = { model, option, plan, support, used, visibleGpus: gpus, settings, capped, defaultContext: input.contextLength === undefined, version };
		planned.push({ input: candidateInput, score: scoreOf(option, plan, support, model) });
	}

	// Ranked on the plans; sentences, commands, speed and fixes (which re-plan many times) only for what is returned.
	planned.sort((a, b) => b.score - a.score);
	const kept = input.topN && input.topN > 0 ? planned.slice(0, input.topN) : planned;
	const candidates = kept.map(({ input: candidateInput, score }) => {
		const candidate = buildCandidate(candidateInput, score);
		const fixes = candidateInput.plan.startup.fixes();
		candidate.startup.fixes = fixes;
		candidate.startup.fix = fixes[0] ?? null;
		return candidate;
	});
	const recommended = candidates[0] ?? null;
	if (recommended && !recommended.fits) {
		recommended.warnings.unshift(
			`Nothing fits entirely in GPU memory; this is the best partial option (needs ${gib(recommended.memory.totalBytes)} GiB, ${gib(recommended.memory.availableBytes)} GiB available).`,
		);
	}
	const mig = gpus.find((g) => g.migProfile);
	if (mig) {
		for (const candidate of candidates) {
			candidate.warnings.push(
				`Planned on one MIG instance (${mig.gpu.name}, ${gib(mig.totalBytes)} GiB): a process sees one MIG instance, so no engine can use tensor parallelism across instances (${MIG_SOURCE}).`,
			);
		}
	}
	return {
		recommended,
		candidates,
		summary: summaryLine(model, recommended, gpus, rejected),
		rejected,
		model: { id: model.id, displayName: model.displayName, maxContextLength: model.maxContextLength, ...(model.checkpointTensors ? { checkpointTensors: model.checkpointTensors } : {}) },
	};
}

export async function pickQuantFormat(input: PickQuantFormatInput): Promise<PickResultDetail> {
	validatePickInput(input);
	const gpus = usableGpus(input.gpus);
	const { sources, hub, signal } = input;
	const model = await loadModel(input.model, { sources, hub, signal });
	const inspection = input.ggufFile ? await inspectGguf(input.ggufFile, { sources, signal }) : null;
	// The source as inspectGguf shows it: a URL without its user or password.
	return planModel(model, gpus, input, inspection && { inspection, source: inspection.source });
}
