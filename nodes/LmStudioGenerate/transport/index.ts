/** Builds the LM Studio client from the node's credential; the token goes only into the client's Authorization header. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { LmStudioClient, LMSTUDIO_DEFAULT_BASE_URL } from '../../../lib/clients/lmstudio';
import type { RequestOptions } from '../../common/descriptions';

export const LMSTUDIO_CREDENTIAL = 'lmStudioApi';

async function build(ctx: IExecuteFunctions | ILoadOptionsFunctions, request: Partial<RequestOptions>): Promise<LmStudioClient> {
	const credentials = await ctx.getCredentials(LMSTUDIO_CREDENTIAL);
	const baseUrl = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : LMSTUDIO_DEFAULT_BASE_URL;
	const apiToken = typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined;
	return new LmStudioClient({ baseUrl, apiToken, timeoutMs: request.timeoutMs, retries: request.retries });
}

/**
 * One client per execution, so items share what it learns about the server (its APIs, its models).
 * Operations create it before the items run and await it per item: a credential problem is then each
 * item's error.
 */
export function createLmStudioClient(ctx: IExecuteFunctions | ILoadOptionsFunctions, request: Partial<RequestOptions> = {}): Promise<LmStudioClient> {
	const client = build(ctx, request);
	client.catch(() => undefined);
	return client;
}
