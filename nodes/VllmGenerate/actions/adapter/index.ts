import type { INodeProperties } from 'n8n-workflow';
import * as load from './load.operation';
import * as unload from './unload.operation';

export const operations = { load, unload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['adapter'] } },
		options: [
			{ name: 'Load', value: 'load', action: 'Load an adapter', description: 'Load a LoRA adapter at runtime (needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=True)' },
			{ name: 'Unload', value: 'unload', action: 'Unload an adapter', description: 'Remove a LoRA adapter loaded at runtime' },
		],
		default: 'load',
	},
	...load.description,
	...unload.description,
];
