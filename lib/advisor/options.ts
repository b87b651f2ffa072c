/** The (engine, format, checkpoint) options worth planning for a model: its own checkpoint, published quants, the GGUF ladder. */
import type { Engine, Vendor } from '../types';
import { findFormat, GGUF_LADDER, type FormatRow } from '../knowledge/formats';
import type { GgufInspection } from '../gguf/types';
import type { ModelSpec } from '../models/types';

export interface PlanOption {
	engine: Engine;
	format: FormatRow;
	/** Hugging Face repo to serve / download; null for a custom model without a repo. */
	repo: string | null;
	/** GGUF file name inside the repo, or a local path / URL for an inspected file. */
	file: string | null;
	lmstudioKey: string | null;
	/** vLLM --quantization fp8 on BF16 weights (no pre-quantized checkpoint). */
	onlineQuantization: boolean;
	/** vLLM --dtype half: BF16 weights on a GPU without BF16. */
	castToFp16: boolean;
	/** The format is the one the model was trained / shipped in. */
	isModelNative: boolean;
	gguf: GgufInspection | null;
}

function repoOf(model: ModelSpec): string | null {
	return model.id.startsWith('custom:') ? null : model.id;
}

function vllmOptions(model: ModelSpec, hasBf16: boolean): PlanOption[] {
	const options: PlanOption[] = [];
	const base = { engine: 'vllm' as const, file: null, lmstudioKey: null, gguf: null };
	const native = findFormat(model.nativeFormat, 'safetensors');
	const nativeIsFloat = model.nativeFormat === 'BF16' || model.nativeFormat === 'FP16';
	if (native) {
		const castToFp16 = model.nativeFormat === 'BF16' && !hasBf16;
		options.push({
			...base,
			format: castToFp16 ? findFormat('FP16', 'safetensors')! : native,
			repo: repoOf(model),
			onlineQuantization: false,
			castToFp16,
			isModelNative: true,
		});
	}
	const published = model.checkpoints.filter((c) => c.checkpoint === 'safetensors' && c.repo !== model.id && !c.repo.startsWith('amd/'));
	for (const checkpoint of published) {
		const format = findFormat(checkpoint.format, 'safetensors');
		if (!format) continue;
		options.push({ ...base, format, repo: checkpoint.repo, onlineQuantization: false, castToFp16: false, isModelNative: false });
	}
	if (nativeIsFloat && !published.some((c) => c.format === 'FP8')) {
		options.push({
			...base,
			format: findFormat('FP8', 'safetensors')!,
			repo: repoOf(model),
			onlineQuantization: true,
			castToFp16: false,
			isModelNative: false,
		});
	}
	return options;
}

function ggufOptions(model: ModelSpec, engine: Engine): PlanOption[] {
	const ggufCheckpoints = model.checkpoints.filter((c) => c.checkpoint === 'gguf');
	const preferred =
		engine === 'lmstudio'
			? (ggufCheckpoints.find((c) => c.lmstudioKey) ?? ggufCheckpoints[0])
			: (ggufCheckpoints.find((c) => !c.lmstudioKey) ?? ggufCheckpoints[0]);
	const base = { engine, onlineQuantization: false, castToFp16: false, gguf: null };
	if (model.nativeFormat === 'MXFP4') {
		// gpt-oss: the GGUF keeps the experts in MXFP4; other quants of it are barely smaller (lmstudio.md §5, §6.3).
		return [
			{
				...base,
				format: findFormat('MXFP4', 'gguf')!,
				repo: preferred?.repo ?? null,
				file: preferred?.file ?? null,
				lmstudioKey: preferred?.lmstudioKey ?? null,
				isModelNative: true,
			},
		];
	}
	return GGUF_LADDER.map((id) => ({
		...base,
		format: findFormat(id, 'gguf')!,
		repo: preferred?.repo ?? null,
		file: null,
		lmstudioKey: preferred?.lmstudioKey ?? null,
		isModelNative: false,
	}));
}

/** A GGUF file the user has: planned with its real tensor bytes. */
export function inspectedGgufOption(engine: Engine, inspection: GgufInspection, source: string): PlanOption {
	const label = (inspection.metadata.fileType ?? inspection.dominantType ?? 'Q8_0').replace(/^MOSTLY_/, '');
	const hasMxfp4 = inspection.tensorTypes.some((t) => t.type === 'MXFP4');
	const base =
		findFormat(label === 'MXFP4_MOE' || hasMxfp4 ? 'MXFP4' : label, 'gguf') ??
		findFormat(inspection.dominantType ?? 'Q8_0', 'gguf') ??
		findFormat('Q8_0', 'gguf')!;
	return {
		engine,
		format: { ...base, id: hasMxfp4 ? 'MXFP4' : label },
		repo: null,
		file: source,
		lmstudioKey: null,
		onlineQuantization: false,
		castToFp16: false,
		isModelNative: false,
		gguf: inspection,
	};
}

export function planOptions(model: ModelSpec, engines: Engine[], vendors: Vendor[], hasBf16: boolean): PlanOption[] {
	const options: PlanOption[] = [];
	for (const engine of engines) {
		if (engine === 'vllm') {
			options.push(...vllmOptions(model, hasBf16));
			if (vendors.includes('amd')) {
				const amdCheckpoint = model.checkpoints.find((c) => c.repo.startsWith('amd/'));
				const format = amdCheckpoint && findFormat(amdCheckpoint.format, 'safetensors');
				if (amdCheckpoint && format) {
					options.push({
						engine,
						format,
						repo: amdCheckpoint.repo,
						file: null,
						lmstudioKey: null,
						onlineQuantization: false,
						castToFp16: false,
						isModelNative: false,
						gguf: null,
					});
				}
			}
		} else {
			options.push(...ggufOptions(model, engine));
		}
	}
	return options;
}
