/** Plain sentences for candidates and the one-line summary. */
import type { Candidate, ExecutionPath } from '../types';
import { engineProfile } from '../engines/registry';
import { gib } from '../engines/common/format';
import type { KvDtypeChoice, PlanOption, UsableGpu } from '../engines/types';
import type { ModelSpec } from '../models/types';
import type { Plan, PlanSettings } from './plan';
import type { SupportDecision } from './support';
import type { RejectedOption } from './types';

export { gib };

export function executionPhrase(execution: ExecutionPath): string {
	switch (execution) {
		case 'native':
			return 'natively on the tensor cores';
		case 'weight-only':
			return 'weight-only (weights dequantized to BF16/FP16 inside the kernel)';
		case 'int8-dot':
			return 'through int8 dot products (blocks expanded to int8)';
		default:
			return 'not at all';
	}
}

function gpuLabel(gpus: UsableGpu[]): string {
	const first = gpus[0].gpu;
	const isa = first.isa ?? first.architecture;
	return `${gpus.length > 1 ? `${gpus.length}x ` : ''}${first.name} (${isa})`;
}

export interface ReasonInput {
	model: ModelSpec;
	option: PlanOption;
	plan: Plan;
	support: SupportDecision;
	gpus: UsableGpu[];
	visibleGpus: UsableGpu[];
	settings: PlanSettings;
	kv: KvDtypeChoice;
	capped: boolean;
	defaultContext: boolean;
	version: string | undefined;
}

export function candidateReasons(input: ReasonInput): { reasons: string[]; warnings: string[] } {
	const { model, option, plan, support, gpus, settings } = input;
	const profile = engineProfile(option.engine);
	const reasons: string[] = [];
	const warnings: string[] = [];
	const row = support.row;

	reasons.push(
		`${profile.longLabel} runs ${option.format.id} ${executionPhrase(support.execution)} on ${gpuLabel(gpus)}${row ? `: ${row.kernel}` : ''}.`,
	);
	if (row?.note) reasons.push(row.note);
	if (row?.minVersion) reasons.push(`Needs ${profile.versionLabel} ${row.minVersion} or newer for this path.`);
	for (const pending of support.pending) warnings.push(`A faster path is not released yet: ${pending.note}`);

	if (option.gguf) {
		const shares = option.gguf.tensorTypes
			.slice(0, 4)
			.map((t) => `${t.type} ${(t.share * 100).toFixed(1)} %`)
			.join(', ');
		reasons.push(`Read from the GGUF header of ${option.file}: ${gib(option.gguf.weightBytes)} GiB of weights (${shares}).`);
	} else if (option.isModelNative && model.nativeFormat === 'MXFP4' && option.format.checkpoint === 'gguf') {
		reasons.push(
			'The GGUF keeps the MoE experts in MXFP4 unchanged (ggml type 39); re-quantizing them to Q4_K/Q4_0 would save nothing (4.5 vs 4.25 bits) and change the numerics.',
		);
	} else if (option.isModelNative) {
		reasons.push(`This is the model's own checkpoint format (${model.nativeFormat}): no quality loss from re-quantization.`);
	}
	if (option.onlineQuantization) {
		reasons.push(`No pre-quantized FP8 checkpoint is listed: ${profile.label} quantizes the BF16 weights to FP8 at load (--quantization fp8).`);
	}
	if (option.castToFp16) warnings.push('This GPU has no BF16: the weights run as FP16 (--dtype half), which can overflow in rare cases.');

	const m = plan.memory;
	const tokens = `${settings.contextLength} tokens x ${settings.concurrency} sequence${settings.concurrency > 1 ? 's' : ''}`;
	const breakdown = `weights ${gib(m.weightsBytes)}, KV cache ${gib(m.kvCacheBytes)} for ${tokens}, overhead ${gib(m.overheadBytes)}`;
	if (plan.fits) {
		reasons.push(`Fits: needs ${gib(m.totalBytes)} GiB of ${gib(m.availableBytes)} GiB available (${breakdown}).`);
	} else {
		warnings.push(`Does not fit in GPU memory: needs ${gib(m.totalBytes)} GiB, ${gib(m.availableBytes)} GiB available (${breakdown}).`);
	}
	if (plan.offloaded) {
		const moe = plan.cpuMoeLayers > 0 ? `the experts of ${plan.cpuMoeLayers} of ${model.moe?.moeLayerCount} layers` : '';
		const layers = plan.gpuLayers !== null ? `${model.numLayers - plan.gpuLayers} whole layers (${plan.gpuLayers} stay on the GPU)` : '';
		warnings.push(
			`Runs only with part of the model in system RAM: ${[moe, layers].filter(Boolean).join(' and ')}, about ${gib(m.hostBytes ?? 0)} GiB; expect slower generation.`,
		);
	}
	if (plan.tensorParallelSize && plan.tensorParallelSize > 1) {
		reasons.push(
			plan.tensorParallelSize > model.numKeyValueHeads
				? `Tensor parallelism ${plan.tensorParallelSize} (divides the ${model.numAttentionHeads} attention heads); each GPU holds a 1/${plan.tensorParallelSize} share of the weights and one of the ${model.numKeyValueHeads} KV heads, replicated on ${plan.tensorParallelSize / model.numKeyValueHeads} GPUs.`
				: `Tensor parallelism ${plan.tensorParallelSize} (divides ${model.numAttentionHeads} attention and ${model.numKeyValueHeads} KV heads); each GPU holds a 1/${plan.tensorParallelSize} share of weights and KV cache.`,
		);
	} else if (plan.gpuCount > 1) {
		reasons.push(`Layers split across ${plan.gpuCount} GPUs in proportion to their memory.`);
	}
	if (!plan.fits && !plan.offloaded && plan.maxContextLength < settings.contextLength) {
		warnings.push(
			plan.maxContextLength > 0
				? `At most ${plan.maxContextLength} tokens of context fit with ${settings.concurrency} sequence(s).`
				: 'Not even a short context fits next to the weights.',
		);
	}
	if (input.capped) warnings.push(`The context was capped at the model's limit of ${model.maxContextLength} tokens.`);
	if (input.kv.warning) warnings.push(input.kv.warning);
	const notes = profile.notes({
		model,
		option,
		plan,
		gpus,
		visibleGpus: input.visibleGpus,
		contextLength: settings.contextLength,
		defaultContext: input.defaultContext,
		gpuMemoryUtilization: settings.gpuMemoryUtilization,
		version: input.version,
	});
	return { reasons: [...reasons, ...notes.reasons], warnings: [...warnings, ...notes.warnings] };
}

export function summaryLine(model: ModelSpec, recommended: Candidate | null, gpus: UsableGpu[], rejected: RejectedOption[]): string {
	const where = gpuLabel(gpus);
	if (!recommended) {
		const why = rejected[0]?.reason ?? 'no engine has a path for this model on these GPUs';
		return `No option for ${model.displayName} on ${where}: ${why}`;
	}
	const used = recommended.gpuCount > 1 ? `${recommended.gpuCount} GPUs` : 'one GPU';
	const fit = recommended.fits
		? `fits on ${used} (${gib(recommended.memory.totalBytes)} of ${gib(recommended.memory.availableBytes)} GiB, up to ${recommended.maxContextLength} tokens of context)`
		: `does not fit entirely (${gib(recommended.memory.totalBytes)} GiB needed, ${gib(recommended.memory.availableBytes)} GiB available), best partial option`;
	return `${model.displayName} on ${where}: ${recommended.format} ${recommended.checkpoint} with ${engineProfile(recommended.engine).longLabel}, ${executionPhrase(recommended.execution)}; ${fit}.`;
}
