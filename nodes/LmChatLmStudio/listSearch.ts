/** The Model list: chat models only (no embedding models), loaded ones first, with what matters for an agent. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { LmStudioClient, LMSTUDIO_DEFAULT_BASE_URL, type LmStudioModel } from '../../lib/clients/lmstudio';

function label(model: LmStudioModel): string {
	const facts = [
		model.state === 'loaded' ? 'loaded' : model.state === 'not-loaded' ? 'not loaded' : null,
		model.toolUse ? 'trained for tool use' : null,
		model.reasoning ? 'reasoning' : null,
		model.quantization,
	].filter(Boolean);
	return facts.length > 0 ? `${model.key} (${facts.join(', ')})` : model.key;
}

export function chatModelResults(models: LmStudioModel[]): INodeListSearchItems[] {
	return models.filter((model) => model.type !== 'embedding').map((model) => ({ name: label(model), value: model.key }));
}

export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('lmStudioApi');
	const baseUrl = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : LMSTUDIO_DEFAULT_BASE_URL;
	const client = new LmStudioClient({ baseUrl, apiToken: typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined, timeoutMs: 30_000, retries: 0 });
	const needle = filter?.toLowerCase() ?? '';
	return { results: chatModelResults((await client.listModels()).models).filter((entry) => entry.name.toLowerCase().includes(needle)) };
}
