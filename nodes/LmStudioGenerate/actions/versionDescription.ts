import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { LMSTUDIO_CREDENTIAL } from '../transport';
import * as model from './model';
import * as text from './text';

export const versionDescription: INodeTypeDescription = {
	displayName: 'LM Studio Generate',
	name: 'lmStudioGenerate',
	icon: { light: 'file:lmStudio.svg', dark: 'file:lmStudio.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description:
		'Generate text with a model served by LM Studio and get its statistics (tokens/s, time to first token, quantization, format); list, load and unload models. LM Studio cannot apply LoRA adapters at runtime: use vLLM Generate with LoRA for that.',
	defaults: { name: 'LM Studio Generate' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: LMSTUDIO_CREDENTIAL, required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Model', value: 'model', description: 'The models LM Studio has, loaded or not' },
				{ name: 'Text', value: 'text', description: 'Generate text' },
			],
			default: 'text',
		},
		...text.description,
		...model.description,
	],
};
