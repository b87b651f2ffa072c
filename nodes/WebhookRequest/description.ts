import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import * as explainFailure from './actions/explainFailure.operation';
import * as readBody from './actions/readBody.operation';

/** Read Body has two outputs (Valid, Rejected); Explain Failure one. */
const outputs: `={{${string}}}` = `={{ $parameter["operation"] === "explainFailure" ? ["${NodeConnectionTypes.Main}"] : [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected" }] }}`;

export const description: INodeTypeDescription = {
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
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Read Body',
					value: 'readBody',
					action: 'Read and check the request body',
					description: 'Check the body\'s size, depth and fields: clean fields to Valid, an HTTP 400 answer to Rejected',
				},
				{
					name: 'Explain Failure',
					value: 'explainFailure',
					action: 'Explain a failed step as an HTTP error answer',
					description: 'Turn an item from a node\'s error output into {status, error, hint, server, step, summary}',
				},
			],
			default: 'readBody',
		},
		...readBody.description,
		...explainFailure.description,
	],
};
