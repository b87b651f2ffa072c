/** The node's description: operations and the parameters each shows. */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { generateDescription } from './operations/generate';
import { listModelsDescription } from './operations/listModels';
import { loadModelDescription } from './operations/loadModel';
import { unloadModelDescription } from './operations/unloadModel';

export const versionDescription: INodeTypeDescription = {
	displayName: 'LM Studio Generate',
	name: 'lmStudioGenerate',
	icon: { light: 'file:lmStudio.svg', dark: 'file:lmStudio.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description:
		'Generate text with a model served by LM Studio and get its statistics (tokens/s, time to first token, quantization, format); list, load and unload models. LM Studio cannot apply LoRA adapters at runtime: use vLLM Generate with LoRA for that.',
	defaults: { name: 'LM Studio Generate' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'lmStudioApi', required: true }],
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Generate', value: 'generate', action: 'Generate text', description: 'Answer a prompt with a model, with LM Studio statistics' },
				{ name: 'List Models', value: 'listModels', action: 'List models', description: 'Models on the server with state, quantization, architecture, format and context length' },
				{ name: 'Load Model', value: 'loadModel', action: 'Load a model', description: 'Load a model into memory (LM Studio 0.4+)' },
				{ name: 'Unload Model', value: 'unloadModel', action: 'Unload a model', description: 'Free the memory of a loaded model (LM Studio 0.4+)' },
			],
			default: 'generate',
		},
		...generateDescription,
		...listModelsDescription,
		...loadModelDescription,
		...unloadModelDescription,
	],
};
