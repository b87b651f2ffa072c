/** Plain sentences for candidates and the one-line summary. */
import type { Candidate, Engine, ExecutionPath } from '../types';
import type { ModelSpec } from '../models/types';
import type { UsableGpu } from './gpus';
import type { PlanOption } from './options';
import type { Plan, PlanSettings } from './plan';
import type { SupportDecision } from './support';
import type { RejectedOption } from './types';

export function gib(bytes: number): string {
	return (bytes / 1024 ** 3).toFixed(1);
}

export function engineLabel(engine: Engine): string {
	return engine === 'vllm' ? 'vLLM' : engine === 'lmstudio' ? 'LM Studio (llama.cpp engine)' : 'llama.cpp';
}

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
	settings: PlanSettings;
	capped: boolean;
}

export function candidateReasons(input: ReasonInput): { reasons: string[]; warnings: string[] } {
	const { model, option, plan, support, gpus, settings } = input;
	const reasons: string[] = [];
	const warnings: string[] = [];
	const engine = engineLabel(option.engine);
	const row = support.row;

	reasons.push(
		`${engine} runs ${option.format.id} ${executionPhrase(support.execution)} on ${gpuLabel(gpus)}${row ? `: ${row.kernel}` : ''}.`,
	);
	if (row?.note) reasons.push(row.note);
	if (row?.minVersion) {
		const runtime = option.engine === 'lmstudio' ? 'a LM Studio runtime built on llama.cpp' : engine;
		reasons.push(`Needs ${runtime} ${row.minVersion} or newer for this path.`);
	}
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
	if (option.onlineQuantization) reasons.push('No pre-quantized FP8 checkpoint is listed: vLLM quantizes the BF16 weights to FP8 at load (--quantization fp8).');
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
		const moe = plan.cpuMoeLayers > 0 ? `the experts of ${plan.cpuMoeLayers} of ${model.moe?.moeLayerCount} layers (--n-cpu-moe ${plan.cpuMoeLayers})` : '';
		const layers = plan.gpuLayers !== null ? `${model.numLayers - plan.gpuLayers} whole layers (-ngl ${plan.gpuLayers})` : '';
		warnings.push(
			`Runs only with part of the model in system RAM: ${[moe, layers].filter(Boolean).join(' and ')}, about ${gib(m.hostBytes ?? 0)} GiB; expect slower generation.`,
		);
	}
	if (plan.tensorParallelSize && plan.tensorParallelSize > 1) {
		reasons.push(
			`Tensor parallelism ${plan.tensorParallelSize} (divides ${model.numAttentionHeads} attention and ${model.numKeyValueHeads} KV heads); each GPU holds a 1/${plan.tensorParallelSize} share of weights and KV cache.`,
		);
	} else if (plan.gpuCount > 1) {
		reasons.push(`Layers split across ${plan.gpuCount} GPUs in proportion to their memory (--tensor-split).`);
	}
	if (plan.maxContextLength < settings.contextLength) {
		warnings.push(
			plan.maxContextLength > 0
				? `At most ${plan.maxContextLength} tokens of context fit with ${settings.concurrency} sequence(s).`
				: 'Not even a short context fits next to the weights.',
		);
	}
	if (input.capped) warnings.push(`The context was capped at the model's limit of ${model.maxContextLength} tokens.`);
	if (option.engine === 'vllm') {
		const freeShort = gpus.find((g) => g.freeBytes !== null && g.freeBytes < g.totalBytes * settings.gpuMemoryUtilization);
		if (freeShort) {
			warnings.push(
				`vLLM refuses to start when free memory is below gpu_memory_utilization x total: GPU ${freeShort.gpu.index} has ${gib(freeShort.freeBytes ?? 0)} GiB free, ${gib(freeShort.totalBytes * settings.gpuMemoryUtilization)} GiB requested.`,
			);
		}
	} else if (settings.kvCacheDtype && settings.kvCacheDtype.startsWith('fp8')) {
		warnings.push('llama.cpp has no FP8 KV cache; q8_0 (about the same size) is used instead.');
	}
	if (option.engine === 'lmstudio' && plan.cpuMoeLayers > 0) {
		warnings.push('In LM Studio turn on the load setting that forces MoE expert weights onto the CPU; lms load has no documented flag for it.');
	}
	return { reasons, warnings };
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
	return `${model.displayName} on ${where}: ${recommended.format} ${recommended.checkpoint} with ${engineLabel(recommended.engine)}, ${executionPhrase(recommended.execution)}; ${fit}.`;
}
