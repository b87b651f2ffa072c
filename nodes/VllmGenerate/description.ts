import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { operationProperties } from './operations';

export const description: INodeTypeDescription = {
	displayName: 'vLLM Generate with LoRA',
	name: 'vllmGenerate',
	icon: { light: 'file:vllm.svg', dark: 'file:vllm.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description:
		'Generate text with a vLLM server, choosing a LoRA adapter per request and loading it at runtime; also lists, loads and unloads adapters. Generation works with other OpenAI-compatible servers too.',
	defaults: { name: 'vLLM Generate with LoRA' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'vllmApi', required: true }],
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Generate', value: 'generate', action: 'Generate text', description: 'Chat or plain completion with a base model or a LoRA adapter' },
				{ name: 'List Models and Adapters', value: 'listModels', action: 'List models and adapters', description: 'Base models and loaded adapters, each adapter with its base and path' },
				{ name: 'Load Adapter', value: 'loadAdapter', action: 'Load a lo ra adapter', description: 'Load a LoRA adapter at runtime (needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=True)' },
				{ name: 'Unload Adapter', value: 'unloadAdapter', action: 'Unload a lo ra adapter', description: 'Remove a runtime-loaded LoRA adapter' },
			],
			default: 'generate',
		},
		...operationProperties,
	],
};
