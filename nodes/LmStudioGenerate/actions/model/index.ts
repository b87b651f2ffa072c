import type { INodeProperties } from 'n8n-workflow';
import * as list from './list.operation';
import * as load from './load.operation';
import * as unload from './unload.operation';

export const operations = { list, load, unload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		options: [
			{ name: 'List', value: 'list', action: 'List models', description: 'Models on the server with state, quantization, architecture, format and context length' },
			{ name: 'Load', value: 'load', action: 'Load a model', description: 'Load a model into memory (LM Studio 0.4+)' },
			{ name: 'Unload', value: 'unload', action: 'Unload a model', description: 'Free the memory of a loaded model (LM Studio 0.4+)' },
		],
		default: 'list',
	},
	...list.description,
	...load.description,
	...unload.description,
];
