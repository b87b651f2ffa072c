import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as explainFailure from './actions/explainFailure.operation';
import * as readBody from './actions/readBody.operation';
import { description } from './description';

export class WebhookRequest implements INodeType {
	description: INodeTypeDescription = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return operation === 'explainFailure' ? await explainFailure.execute.call(this) : await readBody.execute.call(this);
	}
}
