import type { INodeProperties } from 'n8n-workflow';
import * as explainFailure from './actions/explainFailure.operation';
import * as readBody from './actions/readBody.operation';

export const properties: INodeProperties[] = [
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
];
