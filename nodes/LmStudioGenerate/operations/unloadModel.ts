/** Unload Model: POST /api/v1/models/unload for one instance, or every instance of a model (LM Studio 0.4+). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LmStudioClient } from '../../../lib/clients/lmstudio';
import { modelLocator } from './common';

export const unloadModelDescription: INodeProperties[] = [
	modelLocator(
		['unloadModel'],
		'searchLoadedModels',
		'A model key (every loaded instance of it is unloaded) or one instance id such as "openai/gpt-oss-20b:2" (LM Studio 0.4 or newer)',
	),
];

export async function unloadModel(ctx: IExecuteFunctions, itemIndex: number, client: LmStudioClient, signal: AbortSignal): Promise<IDataObject> {
	const model = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	return { ...(await client.unloadModel({ model }, signal)) } as unknown as IDataObject;
}
