import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as explainFailure from './actions/explainFailure.operation';
import * as readBody from './actions/readBody.operation';
import { properties } from './properties';

/** Read Body has two outputs (Valid, Rejected); Explain Failure one. */
const outputs: `={{${string}}}` = `={{ $parameter["operation"] === "explainFailure" ? ["${NodeConnectionTypes.Main}"] : [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected" }] }}`;

export class WebhookRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webhook Request',
		name: 'webhookRequest',
		icon: { light: 'file:webhookRequest.svg', dark: 'file:webhookRequest.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"readBody": "Read body", "explainFailure": "Explain failure"}[$parameter["operation"]] }}',
		description:
			'Reads a webhook body within size and depth limits against the fields you declare (Valid / Rejected with a 400 answer), and turns a failed step into an HTTP error answer',
		defaults: { name: 'Webhook Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return operation === 'explainFailure' ? await explainFailure.execute.call(this) : await readBody.execute.call(this);
	}
}
