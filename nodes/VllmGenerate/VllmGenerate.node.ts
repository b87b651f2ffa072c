import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { description } from './description';
import { searchAdapters, searchModels } from './methods/listSearch';
import { operations } from './operations';

export class VllmGenerate implements INodeType {
	description: INodeTypeDescription = description;

	methods = { listSearch: { searchModels, searchAdapters } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = operations[operation];
		if (!handler) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
		return [await handler.execute.call(this)];
	}
}
