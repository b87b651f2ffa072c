/** List Models and Adapters: base models and adapters apart, each adapter with its parent and path. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readRequestOptions } from '../../shared/descriptions';
import { runItems } from '../../shared/runItems';
import { createVllmClient } from '../transport';
import { timeoutAndRetryFields } from '../../shared/descriptions';
import { showFor } from './common';

export const properties: INodeProperties[] = [
	{ displayName: 'Options', name: 'listOptions', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: showFor('listModels'), options: timeoutAndRetryFields },
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const request = readRequestOptions(this.getNodeParameter('listOptions', 0, {}) as IDataObject, 1);
	const clientPromise = createVllmClient(this, request);
	clientPromise.catch(() => undefined);
	return runItems(this, async ({ signal }) => {
		const listing = await (await clientPromise).listModels(signal);
		return { baseModels: listing.baseModels, adapters: listing.adapters } as unknown as IDataObject;
	});
}
