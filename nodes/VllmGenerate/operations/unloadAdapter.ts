/** Unload Adapter: POST /v1/unload_lora_adapter. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readRequestOptions } from '../../shared/descriptions';
import { runItems } from '../../shared/runItems';
import { createVllmClient } from '../transport';
import { timeoutAndRetryFields } from '../../shared/descriptions';
import { showFor } from './common';

const show = showFor('unloadAdapter');

export const properties: INodeProperties[] = [
	{
		displayName: 'Adapter',
		name: 'adapter',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchAdapters', searchable: true } },
			{ displayName: 'By Name', name: 'id', type: 'string', placeholder: 'e.g. sql-lora' },
		],
		displayOptions: show,
	},
	{ displayName: 'Options', name: 'unloadOptions', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: show, options: timeoutAndRetryFields },
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const request = readRequestOptions(this.getNodeParameter('unloadOptions', 0, {}) as IDataObject, 1);
	const clientPromise = createVllmClient(this, request);
	clientPromise.catch(() => undefined);
	return runItems(this, async ({ itemIndex, signal }) => {
		const name = this.getNodeParameter('adapter', itemIndex, '', { extractValue: true }) as string;
		return { ...(await (await clientPromise).unloadLoraAdapter({ name, signal })) };
	});
}
