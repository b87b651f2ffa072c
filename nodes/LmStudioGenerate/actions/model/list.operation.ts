/** List: one item per model, loaded ones first. */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import { optionsReader } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createLmStudioClient } from '../../transport';

const properties: INodeProperties[] = [
	optionsCollection([
		{ displayName: 'Loaded Only', name: 'loadedOnly', type: 'boolean', default: false, description: 'Whether to return only the models loaded in memory now' },
		{ displayName: 'Include Embedding Models', name: 'includeEmbeddings', type: 'boolean', default: true, description: 'Whether to include embedding models' },
		...timeoutAndRetryFields,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['list'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createLmStudioClient(this, readRequestOptionsOnce(this, 1));
	const filters = optionsReader(this);
	return {
		concurrency: 1,
		runItem: async ({ itemIndex, signal }) => {
			const { loadedOnly, includeEmbeddings } = filters(itemIndex);
			const { models } = await (await client).listModels(signal);
			return models
				.filter((model) => loadedOnly !== true || model.state === 'loaded')
				.filter((model) => includeEmbeddings !== false || model.type !== 'embedding')
				.map((model) => ({ ...model }) as unknown as IDataObject);
		},
	};
}
