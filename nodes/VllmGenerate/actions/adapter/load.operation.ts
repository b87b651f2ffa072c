/** Load: POST /v1/load_lora_adapter, after the allow-list check. */
import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import { itemParameter } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createVllmClient } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Adapter Name', name: 'adapterName', type: 'string', required: true, default: '', placeholder: 'e.g. sql-lora', description: 'The name to serve the adapter under; requests select it as their model' },
	{
		displayName: 'Adapter Path',
		name: 'adapterPath',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. /models/lora/sql or my-org/sql-lora',
		description: 'Folder on the vLLM host, or Hugging Face repository; it must be under the credential\'s Allowed Adapter Paths',
	},
	optionsCollection([
		{
			displayName: 'Replace If Loaded',
			name: 'replace',
			type: 'boolean',
			default: false,
			description: 'Whether to unload an adapter of the same name first, then load (safer than vLLM\'s load_inplace, which re-reads the adapter on every request)',
		},
		...timeoutAndRetryFields,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['adapter'], operation: ['load'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createVllmClient(this, readRequestOptionsOnce(this, 1));
	const name = itemParameter(this, 'adapterName', '');
	const path = itemParameter(this, 'adapterPath', '');
	const replace = itemParameter(this, 'options.replace', false);
	return {
		concurrency: 1,
		runItem: async ({ itemIndex, signal }) => ({
			...(await (await client).loadLoraAdapter({ name: name(itemIndex), path: path(itemIndex), replace: replace(itemIndex) === true, signal })),
		}),
	};
}
