import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { VLLM_CREDENTIAL } from '../transport';
import * as adapter from './adapter';
import * as model from './model';
import * as text from './text';

export const versionDescription: INodeTypeDescription = {
	displayName: 'vLLM Generate with LoRA',
	name: 'vllmGenerate',
	icon: { light: 'file:vllm.svg', dark: 'file:vllm.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description:
		'Generate text with a vLLM server, choosing a LoRA adapter per request and loading it at runtime; also lists, loads and unloads adapters. Generation works with other OpenAI-compatible servers too.',
	defaults: { name: 'vLLM Generate with LoRA' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: VLLM_CREDENTIAL, required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Adapter', value: 'adapter', description: 'LoRA adapters loaded at runtime' },
				{ name: 'Model', value: 'model', description: 'The base models and adapters the server serves' },
				{ name: 'Text', value: 'text', description: 'Generate text' },
			],
			default: 'text',
		},
		...text.description,
		...model.description,
		...adapter.description,
	],
};
