/** Load Adapter: POST /v1/load_lora_adapter, after the allow-list check. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readRequestOptions } from '../../shared/descriptions';
import { runItems } from '../../shared/runItems';
import { createVllmClient } from '../transport';
import { timeoutAndRetryFields } from '../../shared/descriptions';
import { showFor } from './common';

const show = showFor('loadAdapter');

export const properties: INodeProperties[] = [
	{ displayName: 'Adapter Name', name: 'adapterName', type: 'string', required: true, default: '', placeholder: 'e.g. sql-lora', description: 'The name requests will use as model', displayOptions: show },
	{ displayName: 'Adapter Path', name: 'loadPath', type: 'string', required: true, default: '', placeholder: '/models/lora/sql or my-org/sql-lora', description: 'Folder on the vLLM host, or Hugging Face repo ID; must be under the credential\'s Allowed Adapter Paths', displayOptions: show },
	{
		displayName: 'Options',
		name: 'loadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Replace If Loaded', name: 'replace', type: 'boolean', default: false, description: 'Whether to unload an adapter of the same name first, then load (safer than vLLM\'s load_inplace, which re-reads the adapter on every request)' },
			...timeoutAndRetryFields,
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const request = readRequestOptions(this.getNodeParameter('loadOptions', 0, {}) as IDataObject, 1);
	const clientPromise = createVllmClient(this, request);
	clientPromise.catch(() => undefined);
	return runItems(this, async ({ itemIndex, signal }) => {
		const options = this.getNodeParameter('loadOptions', itemIndex, {}) as IDataObject;
		const result = await (await clientPromise).loadLoraAdapter({
			name: this.getNodeParameter('adapterName', itemIndex) as string,
			path: this.getNodeParameter('loadPath', itemIndex) as string,
			replace: options.replace === true,
			signal,
		});
		return { ...result };
	});
}
