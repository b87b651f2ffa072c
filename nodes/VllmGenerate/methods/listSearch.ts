/** The Model and Adapter lists, loaded from the server's /v1/models; adapters are marked with their base model. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import type { VllmModelListing } from '../../../lib/clients/vllm';
import { createVllmClient } from '../transport';

const LIST_TIMEOUT_MS = 20_000;

function matches(filter: string | undefined, ...texts: Array<string | null>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text?.toLowerCase().includes(needle));
}

export function modelResults(listing: VllmModelListing, filter?: string): INodeListSearchItems[] {
	const bases = listing.baseModels
		.filter((base) => matches(filter, base.id))
		.map((base) => ({ name: base.maxModelLen ? `${base.id} (context ${base.maxModelLen})` : base.id, value: base.id }));
	return [...bases, ...adapterResults(listing, filter)];
}

export function adapterResults(listing: VllmModelListing, filter?: string): INodeListSearchItems[] {
	return listing.adapters
		.filter((adapter) => matches(filter, adapter.id, adapter.parent, adapter.path))
		.map((adapter) => ({ name: `${adapter.id} (LoRA adapter of ${adapter.parent ?? 'unknown base'})`, value: adapter.id }));
}

async function readListing(ctx: ILoadOptionsFunctions): Promise<VllmModelListing> {
	const client = await createVllmClient(ctx, { timeoutMs: LIST_TIMEOUT_MS, retries: 0 });
	return client.listModels();
}

export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: modelResults(await readListing(this), filter) };
}

export async function searchAdapters(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: adapterResults(await readListing(this), filter) };
}
