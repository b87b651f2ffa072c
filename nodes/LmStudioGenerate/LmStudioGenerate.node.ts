import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { versionDescription } from './description';
import { searchLoadedModels, searchModels } from './methods/listSearch';
import { route } from './router';

export class LmStudioGenerate implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = { listSearch: { searchModels, searchLoadedModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
