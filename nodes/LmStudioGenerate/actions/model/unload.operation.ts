/** Unload: POST /api/v1/models/unload for one instance, or every instance of a model (LM Studio 0.4+). */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { modelLocator, optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import { itemParameter } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createLmStudioClient } from '../../transport';

const properties: INodeProperties[] = [
	modelLocator({
		description: 'A model key (every loaded instance of it is unloaded) or one instance ID such as "openai/gpt-oss-20b:2" (LM Studio 0.4 or newer)',
		searchListMethod: 'searchLoadedModels',
		placeholder: 'e.g. openai/gpt-oss-20b',
	}),
	optionsCollection(timeoutAndRetryFields),
];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['unload'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createLmStudioClient(this, readRequestOptionsOnce(this, 1));
	const model = itemParameter(this, 'model', '', true);
	return {
		concurrency: 1,
		runItem: async ({ itemIndex, signal }) => ({ ...(await (await client).unloadModel({ model: model(itemIndex) }, signal)) }) as unknown as IDataObject,
	};
}
