/** Generate: chat or plain completion with a base model or a LoRA adapter, loading the adapter first when asked. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseMessages } from '../../../lib/clients/openaiCompatible';
import type { GenerationMode, StructuredOutputMode, VllmGeneration } from '../../../lib/clients/vllm';
import { contextDocumentFields, readContextDocuments, readJsonParameter, readRequestOptions, readSamplingOptions, requestOptionFields, samplingOptionFields } from '../../shared/descriptions';
import { runItems } from '../../shared/runItems';
import { createVllmClient } from '../transport';
import { DEFAULT_CONCURRENCY, readJsonObject, readString, showFor } from './common';

const show = showFor('generate');

export const modelLocator: INodeProperties = {
	displayName: 'Model or Adapter',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'A base model or a LoRA adapter served by vLLM (vLLM selects adapters by this name)',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchModels', searchable: true } },
		{ displayName: 'By Name', name: 'id', type: 'string', placeholder: 'e.g. sql-lora or {{ $json.body.adapter }}' },
	],
};

const optionFields: INodeProperties[] = [
	...samplingOptionFields,
	...contextDocumentFields,
	...requestOptionFields(DEFAULT_CONCURRENCY),
	{ displayName: 'Extra Body (JSON)', name: 'extraBody', type: 'json', default: '{}', description: 'Fields merged into the request body last, e.g. {"chat_template_kwargs": {"enable_thinking": false}}' },
	{ displayName: 'Include Raw Response', name: 'includeRaw', type: 'boolean', default: false, description: 'Whether to add the server\'s whole answer as "raw"' },
	{ displayName: 'JSON Schema (Structured Output)', name: 'jsonSchema', type: 'json', default: '', description: 'Constrain the answer to this JSON schema; the parsed answer comes out as "structuredOutput"' },
	{ displayName: 'Messages (JSON)', name: 'messages', type: 'json', default: '', description: 'A whole conversation, [{"role":"user","content":"..."}], used instead of Prompt (chat only)' },
	{
		displayName: 'Reasoning Effort',
		name: 'reasoningEffort',
		type: 'options',
		options: [
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
			{ name: 'High', value: 'high' },
		],
		default: 'medium',
		description: 'For reasoning models such as gpt-oss (chat only)',
	},
	{
		displayName: 'Structured Output Field',
		name: 'structuredOutputField',
		type: 'options',
		options: [
			{ name: 'Auto (by Server Version)', value: 'auto', description: 'Structured_outputs on vLLM ≥ 0.10.2, guided_json before, response_format when the server hides its version' },
			{ name: 'New: Structured_outputs (vLLM ≥ 0.10.2)', value: 'new' },
			{ name: 'Legacy: Guided_json (vLLM < 0.12)', value: 'legacy', description: 'VLLM 0.12+ silently ignores it' },
		],
		default: 'auto',
		description: 'How the JSON schema is sent; vLLM renamed the field and ignores the old one without an error',
	},
	{ displayName: 'System Prompt', name: 'systemPrompt', type: 'string', typeOptions: { rows: 3 }, default: '' },
];

export const properties: INodeProperties[] = [
	{ ...modelLocator, displayOptions: show },
	{
		displayName: 'Endpoint',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Chat', value: 'chat', description: '/v1/chat/completions with the model\'s chat template' },
			{ name: 'Completion', value: 'completion', description: '/v1/completions: the prompt as plain text' },
		],
		default: 'chat',
		displayOptions: show,
	},
	{ displayName: 'Prompt', name: 'prompt', type: 'string', typeOptions: { rows: 4 }, default: '', placeholder: 'e.g. {{ $json.body.prompt }}', displayOptions: show },
	{
		displayName: 'Adapter Path (Load If Missing)',
		name: 'adapterPath',
		type: 'string',
		default: '',
		placeholder: '/models/lora/sql or my-org/sql-lora',
		description: 'When the adapter named above is not loaded, load it from this path on the vLLM host (or Hugging Face repo ID) first. It must be under the credential\'s Allowed Adapter Paths.',
		displayOptions: show,
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: show, options: optionFields.sort((a, b) => a.displayName.localeCompare(b.displayName)) },
];

function toOutput(generation: VllmGeneration): IDataObject {
	const { usage, ...rest } = generation;
	return { ...rest, usage: { ...usage } } as IDataObject;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const first = readRequestOptions(this.getNodeParameter('options', 0, {}) as IDataObject, DEFAULT_CONCURRENCY);
	// One client per execution: items share its model listing and adapter checks. Errors surface per item.
	const clientPromise = createVllmClient(this, first);
	clientPromise.catch(() => undefined);

	return runItems(
		this,
		async ({ itemIndex, signal }) => {
			const client = await clientPromise;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const mode = this.getNodeParameter('mode', itemIndex, 'chat') as GenerationMode;
			const messages = readJsonParameter(options.messages, 'Messages (JSON)');
			const generation = await client.generate({
				model: this.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string,
				mode,
				prompt: this.getNodeParameter('prompt', itemIndex, '') as string,
				messages: messages === undefined ? undefined : parseMessages(messages),
				systemPrompt: readString(options, 'systemPrompt'),
				contextDocuments: readContextDocuments(options.contextDocuments),
				contextTemplate: readString(options, 'contextTemplate'),
				sampling: readSamplingOptions(options),
				adapterPath: (this.getNodeParameter('adapterPath', itemIndex, '') as string) || undefined,
				jsonSchema: readJsonObject(options.jsonSchema, 'JSON Schema (Structured Output)'),
				structuredOutputMode: (options.structuredOutputField as StructuredOutputMode | undefined) ?? 'auto',
				reasoningEffort: options.reasoningEffort as 'low' | 'medium' | 'high' | undefined,
				extraBody: readJsonObject(options.extraBody, 'Extra Body (JSON)'),
				includeRaw: options.includeRaw === true,
				timeoutMs: readRequestOptions(options, DEFAULT_CONCURRENCY).timeoutMs,
				signal,
			});
			return toOutput(generation);
		},
		{ concurrency: first.concurrency },
	);
}
