/** Turns each of LM Studio's three model lists into one LmStudioModel shape. */
import type { V0Model, V1Model } from './schemas';
import type { LmStudioModel } from './types';

function format(value: string | null | undefined): LmStudioModel['format'] {
	return value === 'gguf' || value === 'mlx' ? value : null;
}

function type(value: string | null | undefined): string | null {
	if (!value) return null;
	return value === 'embeddings' ? 'embedding' : value;
}

export function fromV1(model: V1Model): LmStudioModel {
	const instances = (model.loaded_instances ?? []).map((instance) => ({
		id: instance.id,
		contextLength: instance.config?.context_length ?? null,
		parallel: instance.config?.parallel ?? null,
	}));
	const reasoning = model.capabilities?.reasoning;
	return {
		key: model.key,
		displayName: model.display_name ?? null,
		type: type(model.type),
		publisher: model.publisher ?? null,
		architecture: model.architecture ?? null,
		quantization: model.quantization?.name ?? null,
		bitsPerWeight: model.quantization?.bits_per_weight ?? null,
		format: format(model.format),
		state: instances.length > 0 ? 'loaded' : 'not-loaded',
		maxContextLength: model.max_context_length ?? null,
		loadedContextLength: instances[0]?.contextLength ?? null,
		loadedInstances: instances,
		sizeBytes: model.size_bytes ?? null,
		paramsString: model.params_string ?? null,
		vision: model.capabilities?.vision ?? null,
		toolUse: model.capabilities?.trained_for_tool_use ?? null,
		reasoning: reasoning
			? { allowedOptions: reasoning.allowed_options ?? [], default: reasoning.default ?? null }
			: null,
		source: '/api/v1/models',
	};
}

export function fromV0(model: V0Model): LmStudioModel {
	const loaded = model.state === 'loaded';
	const contextLength = model.loaded_context_length ?? null;
	return {
		key: model.id,
		displayName: null,
		type: type(model.type),
		publisher: model.publisher ?? null,
		architecture: model.arch ?? null,
		quantization: model.quantization ?? null,
		bitsPerWeight: null,
		format: format(model.compatibility_type),
		state: loaded ? 'loaded' : 'not-loaded',
		maxContextLength: model.max_context_length ?? null,
		loadedContextLength: loaded ? contextLength : null,
		loadedInstances: loaded ? [{ id: model.id, contextLength, parallel: null }] : [],
		sizeBytes: null,
		paramsString: null,
		vision: model.type === 'vlm' ? true : null,
		toolUse: model.capabilities ? model.capabilities.includes('tool_use') : null,
		reasoning: null,
		source: '/api/v0/models',
	};
}

export function fromOpenAi(model: { id: string }): LmStudioModel {
	return {
		key: model.id,
		displayName: null,
		type: null,
		publisher: null,
		architecture: null,
		quantization: null,
		bitsPerWeight: null,
		format: null,
		state: 'unknown',
		maxContextLength: null,
		loadedContextLength: null,
		loadedInstances: [],
		sizeBytes: null,
		paramsString: null,
		vision: null,
		toolUse: null,
		reasoning: null,
		source: '/v1/models',
	};
}

/** Loaded models first, then by key, so a picker shows what answers fast at the top. */
export function sortModels(models: LmStudioModel[]): LmStudioModel[] {
	const rank = (model: LmStudioModel) => (model.state === 'loaded' ? 0 : 1);
	return [...models].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
}
