/** Builds the vLLM client from the node's credential; the API key goes only into the client's Authorization header. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { VllmClient } from '../../lib/clients/vllm';
import type { RequestOptions } from '../shared/descriptions';

export const VLLM_CREDENTIAL = 'vllmApi';

export async function createVllmClient(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	request: Partial<Pick<RequestOptions, 'timeoutMs' | 'retries'>> = {},
): Promise<VllmClient> {
	const credentials = await ctx.getCredentials(VLLM_CREDENTIAL);
	return new VllmClient({
		baseUrl: String(credentials.baseUrl ?? ''),
		apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
		allowedAdapterPaths: typeof credentials.allowedAdapterPaths === 'string' ? credentials.allowedAdapterPaths : '',
		timeoutMs: request.timeoutMs,
		retries: request.retries,
	});
}
