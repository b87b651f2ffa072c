import type { INodeProperties } from 'n8n-workflow';
import * as generate from './generate.operation';

export const operations = { generate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['text'] } },
		options: [{ name: 'Generate', value: 'generate', action: 'Generate text', description: 'Chat or plain completion with a base model or a LoRA adapter' }],
		default: 'generate',
	},
	...generate.description,
];
