/** Parameters more than one operation shows. */
import type { INodeProperties } from 'n8n-workflow';

export type Operation = 'generate' | 'listModels' | 'loadModel' | 'unloadModel';

export function showFor(...operations: Operation[]) {
	return { show: { operation: operations } };
}

export function modelLocator(operations: Operation[], searchListMethod: string, description: string): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: showFor(...operations),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Key',
				name: 'id',
				type: 'string',
				placeholder: 'openai/gpt-oss-20b',
			},
		],
	};
}
