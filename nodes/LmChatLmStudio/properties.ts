import type { INodeProperties } from 'n8n-workflow';
import { chatOptionFields } from '../chat/properties';

export const properties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The model to chat with; loaded models come first. One that is not loaded is loaded on the first message (Just-in-Time) when LM Studio allows it.',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchModels', searchable: true } },
			{ displayName: 'By Key', name: 'id', type: 'string', placeholder: 'openai/gpt-oss-20b' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: chatOptionFields([
			{
				displayName: 'JIT Load TTL (Seconds)',
				name: 'ttlSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description: "When the first message makes LM Studio load the model Just-in-Time, unload it after this many idle seconds (LM Studio's default is 60 minutes)",
			},
		]),
	},
];
