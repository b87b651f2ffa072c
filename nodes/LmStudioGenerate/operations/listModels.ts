/** List Models: one item per model, loaded ones first. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LmStudioClient } from '../../../lib/clients/lmstudio';
import { showFor } from './common';

export const listModelsDescription: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('listModels'),
		options: [
			{ displayName: 'Loaded Only', name: 'loadedOnly', type: 'boolean', default: false, description: 'Whether to return only models loaded in memory now' },
			{ displayName: 'Include Embedding Models', name: 'includeEmbeddings', type: 'boolean', default: true, description: 'Whether to include embedding models' },
		],
	},
];

export async function listModels(ctx: IExecuteFunctions, itemIndex: number, client: LmStudioClient, signal: AbortSignal): Promise<IDataObject[]> {
	const options = ctx.getNodeParameter('listOptions', itemIndex, {}) as IDataObject;
	const { models } = await client.listModels(signal);
	return models
		.filter((model) => options.loadedOnly !== true || model.state === 'loaded')
		.filter((model) => options.includeEmbeddings !== false || model.type !== 'embedding')
		.map((model) => ({ ...model }) as unknown as IDataObject);
}
