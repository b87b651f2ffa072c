/** Unload: POST /v1/unload_lora_adapter. */
import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import { itemParameter } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createVllmClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Adapter',
		name: 'adapter',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'A LoRA adapter the server has loaded',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchAdapters', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. sql-lora' },
		],
	},
	optionsCollection(timeoutAndRetryFields),
];

export const description = updateDisplayOptions({ show: { resource: ['adapter'], operation: ['unload'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createVllmClient(this, readRequestOptionsOnce(this, 1));
	const adapter = itemParameter(this, 'adapter', '', true);
	return {
		concurrency: 1,
		runItem: async ({ itemIndex, signal }) => ({ ...(await (await client).unloadLoraAdapter({ name: adapter(itemIndex), signal })) }),
	};
}
