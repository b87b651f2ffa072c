/** Option builders engines share: a model's safetensors checkpoints, its GGUF ports, and a GGUF file the user has. */
import { findFormat, GGUF_LADDER, type FormatRow } from '../../knowledge/formats';
import type { GgufInspection } from '../../gguf/types';
import type { ModelSpec, PublishedCheckpoint } from '../../models/types';
import type { EngineId } from '../registry';
import type { OptionsInput, PlanOption } from '../types';

function repoOf(model: ModelSpec): string | null {
	return model.id.startsWith('custom:') ? null : model.id;
}

const safetensorsBase = { file: null, modelKey: null, gguf: null, onlineQuantization: false, castToFp16: false, isModelNative: false };

/** A published safetensors checkpoint, served as it is. */
export function checkpointOption(engine: EngineId, format: FormatRow, repo: string): PlanOption {
	return { ...safetensorsBase, engine, format, repo };
}

/** The model's own checkpoint (as FP16 where the GPU has no BF16), its published quants, and online FP8 when none is published. */
export function safetensorsOptions(engine: EngineId, { model, hasBf16 }: OptionsInput): PlanOption[] {
	const options: PlanOption[] = [];
	const native = findFormat(model.nativeFormat, 'safetensors');
	const nativeIsFloat = model.nativeFormat === 'BF16' || model.nativeFormat === 'FP16';
	if (native) {
		const castToFp16 = model.nativeFormat === 'BF16' && !hasBf16;
		options.push({
			...safetensorsBase,
			engine,
			format: castToFp16 ? findFormat('FP16', 'safetensors')! : native,
			repo: repoOf(model),
			castToFp16,
			isModelNative: true,
		});
	}
	const published = model.checkpoints.filter((c) => c.checkpoint === 'safetensors' && c.repo !== model.id && !c.vendorOnly);
	for (const checkpoint of published) {
		const format = findFormat(checkpoint.format, 'safetensors');
		if (format) options.push(checkpointOption(engine, format, checkpoint.repo));
	}
	if (nativeIsFloat && !published.some((c) => c.format === 'FP8')) {
		options.push({ ...safetensorsBase, engine, format: findFormat('FP8', 'safetensors')!, repo: repoOf(model), onlineQuantization: true });
	}
	return options;
}

/** The GGUF an engine downloads: one named in its own catalog, else the first that no catalog claims. */
export function preferredGguf(model: ModelSpec, engine: EngineId): PublishedCheckpoint | undefined {
	const ggufs = model.checkpoints.filter((c) => c.checkpoint === 'gguf');
	return ggufs.find((c) => c.engineKeys?.[engine]) ?? ggufs.find((c) => !c.engineKeys) ?? ggufs[0];
}

/** gpt-oss: its one GGUF keeping the experts in MXFP4. Other models: the GGUF ladder from Q8_0 down. */
export function ggufOptions(engine: EngineId, { model }: OptionsInput): PlanOption[] {
	const preferred = preferredGguf(model, engine);
	const base = {
		engine,
		onlineQuantization: false,
		castToFp16: false,
		gguf: null,
		repo: preferred?.repo ?? null,
		modelKey: preferred?.engineKeys?.[engine] ?? null,
	};
	if (model.nativeFormat === 'MXFP4') {
		// Other quants of gpt-oss keep the experts in MXFP4 and are barely smaller (https://huggingface.co/bartowski/openai_gpt-oss-20b-GGUF).
		return [{ ...base, format: findFormat('MXFP4', 'gguf')!, file: preferred?.file ?? null, isModelNative: true }];
	}
	return GGUF_LADDER.map((id) => ({ ...base, format: findFormat(id, 'gguf')!, file: null, isModelNative: false }));
}

/** A GGUF file the user has: planned with its real tensor bytes. */
export function inspectedGgufOption(engine: EngineId, inspection: GgufInspection, source: string): PlanOption {
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
		modelKey: null,
		onlineQuantization: false,
		castToFp16: false,
		isModelNative: false,
		gguf: inspection,
	};
}
