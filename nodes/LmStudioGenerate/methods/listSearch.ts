/** Model pickers: every model the server has (loaded first), or only loaded instances for unloading. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import type { LmStudioModel } from '../../../lib/clients/lmstudio';
import { createLmStudioClient } from '../transport';

function describe(model: LmStudioModel): string {
	const details = [model.quantization, model.format, model.state === 'loaded' ? 'loaded' : null].filter(Boolean);
	return details.length > 0 ? `${model.key} (${details.join(', ')})` : model.key;
}

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text.toLowerCase().includes(needle));
}

export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await createLmStudioClient(this, { timeoutMs: 30_000, retries: 0 });
	const { models } = await client.listModels();
	return {
		results: models
			.filter((model) => model.type !== 'embedding')
			.filter((model) => matches(filter, model.key, model.displayName ?? ''))
			.map((model) => ({ name: describe(model), value: model.key })),
	};
}

export async function searchLoadedModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await createLmStudioClient(this, { timeoutMs: 30_000, retries: 0 });
	const { models } = await client.listModels();
	const results = models.flatMap((model) => {
		if (model.loadedInstances.length <= 1) return model.loadedInstances.map(() => ({ name: `${model.key} (loaded)`, value: model.key }));
		const instances = model.loadedInstances.map((instance) => ({ name: `${instance.id} (one instance)`, value: instance.id }));
		return [{ name: `${model.key} (all ${instances.length} instances)`, value: model.key }, ...instances];
	});
	return { results: results.filter((result) => matches(filter, result.value)) };
}
