import type { INodeProperties } from 'n8n-workflow';
import { chatOptionFields } from '../chat/properties';

export const properties: INodeProperties[] = [
	{
		displayName: 'Model or Adapter',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'A base model or a LoRA adapter served by vLLM; adapters are listed with their base model',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchModels', searchable: true } },
			{ displayName: 'By Name', name: 'id', type: 'string', placeholder: 'e.g. sql-lora' },
		],
	},
	{
		displayName: 'Adapter Path (Load If Missing)',
		name: 'adapterPath',
		type: 'string',
		default: '',
		placeholder: '/models/lora/sql or my-org/sql-lora',
		description:
			"When the adapter named above is not served, load it from this path on the vLLM host (or Hugging Face repo ID) before the first message, once however many chats start at the same time. It must be under the credential's Allowed Adapter Paths.",
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: chatOptionFields() },
];
