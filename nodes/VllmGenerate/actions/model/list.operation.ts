/** List: base models and adapters apart, each adapter with its base model and path. */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import type { PreparedOperation } from '../../../common/router';
import { createVllmClient } from '../../transport';

const properties: INodeProperties[] = [optionsCollection(timeoutAndRetryFields)];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['list'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createVllmClient(this, readRequestOptionsOnce(this, 1));
	return {
		concurrency: 1,
		runItem: async ({ signal }) => {
			const listing = await (await client).listModels(signal);
			return { baseModels: listing.baseModels, adapters: listing.adapters } as unknown as IDataObject;
		},
	};
}
