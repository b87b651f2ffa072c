import type { INodeProperties } from 'n8n-workflow';
import * as list from './list.operation';

export const operations = { list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		options: [{ name: 'List', value: 'list', action: 'List models and adapters', description: 'Base models and loaded adapters, each adapter with its base model and path' }],
		default: 'list',
	},
	...list.description,
];
