/** Builds the vLLM client from the node's credential; the API key goes only into the client's Authorization header. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { VllmClient } from '../../../lib/clients/vllm';
import type { RequestOptions } from '../../common/descriptions';

export const VLLM_CREDENTIAL = 'vllmApi';

async function build(ctx: IExecuteFunctions | ILoadOptionsFunctions, request: Partial<RequestOptions>): Promise<VllmClient> {
	const credentials = await ctx.getCredentials(VLLM_CREDENTIAL);
	return new VllmClient({
		baseUrl: String(credentials.baseUrl ?? ''),
		apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
		allowedAdapterPaths: typeof credentials.allowedAdapterPaths === 'string' ? credentials.allowedAdapterPaths : '',
		timeoutMs: request.timeoutMs,
		retries: request.retries,
	});
}

/**
 * One client per execution, so items share its model listing and adapter checks. Operations create it
 * before the items run and await it per item: a credential problem is then each item's error.
 */
export function createVllmClient(ctx: IExecuteFunctions | ILoadOptionsFunctions, request: Partial<RequestOptions> = {}): Promise<VllmClient> {
	const client = build(ctx, request);
	client.catch(() => undefined);
	return client;
}
