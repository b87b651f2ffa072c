/** The Model or Adapter list: base models with their context length, then adapters with the base they apply to. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { VllmClient, type VllmModelListing } from '../../lib/clients/vllm';

export function chatModelResults(listing: VllmModelListing): INodeListSearchItems[] {
	return [
		...listing.baseModels.map((base) => ({ name: base.maxModelLen ? `${base.id} (base model, context ${base.maxModelLen})` : `${base.id} (base model)`, value: base.id })),
		...listing.adapters.map((adapter) => ({ name: `${adapter.id} (LoRA adapter on ${adapter.parent ?? 'an unknown base'})`, value: adapter.id })),
	];
}

export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('vllmApi');
	const client = new VllmClient({ baseUrl: String(credentials.baseUrl ?? ''), apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined, timeoutMs: 20_000, retries: 0 });
	const needle = filter?.toLowerCase() ?? '';
	return { results: chatModelResults(await client.listModels()).filter((entry) => entry.name.toLowerCase().includes(needle)) };
}
