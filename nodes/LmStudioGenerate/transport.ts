/** Builds the LM Studio client from the node's credential and request options. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { LmStudioClient, LMSTUDIO_DEFAULT_BASE_URL } from '../../lib/clients/lmstudio';
import type { RequestOptions } from '../shared/descriptions';

export const CREDENTIAL_TYPE = 'lmStudioApi';

export async function lmStudioClient(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	request: Partial<RequestOptions> = {},
): Promise<LmStudioClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : LMSTUDIO_DEFAULT_BASE_URL;
	const apiToken = typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined;
	return new LmStudioClient({ baseUrl, apiToken, timeoutMs: request.timeoutMs, retries: request.retries });
}

/** One client per distinct request setting within an execution, so per-client caches are shared by items. */
export function clientPool(ctx: IExecuteFunctions) {
	const clients = new Map<string, Promise<LmStudioClient>>();
	return (request: RequestOptions): Promise<LmStudioClient> => {
		const key = `${request.timeoutMs}/${request.retries}`;
		let client = clients.get(key);
		if (!client) {
			client = lmStudioClient(ctx, request);
			clients.set(key, client);
		}
		return client;
	};
}
