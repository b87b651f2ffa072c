/** Generate: chat or plain completion with a base model or a LoRA adapter, loading the adapter first when asked. */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { GenerationMode, StructuredOutputMode, VllmGeneration } from '../../../../lib/clients/vllm';
import { modelLocator, readJsonObject, readRequestOptionsOnce } from '../../../common/descriptions';
import { generateInputReader, generateOptions, promptFields } from '../../../common/generateInput';
import { itemParameter } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createVllmClient } from '../../transport';

/** vLLM batches concurrent requests continuously, so several in flight raise throughput. */
const DEFAULT_CONCURRENCY = 8;

const properties: INodeProperties[] = [
	modelLocator({
		displayName: 'Model or Adapter',
		description: 'A base model or a LoRA adapter served by vLLM (vLLM selects adapters by this name)',
		searchListMethod: 'searchModels',
		placeholder: 'e.g. sql-lora or {{ $json.body.adapter }}',
	}),
	{
		displayName: 'Endpoint',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Chat', value: 'chat', description: 'Uses /v1/chat/completions, which applies the model\'s chat template' },
			{ name: 'Completion', value: 'completion', description: 'Uses /v1/completions: the prompt goes as plain text, without a chat template' },
		],
		default: 'chat',
	},
	...promptFields,
	{
		displayName: 'Adapter Path (Load If Missing)',
		name: 'adapterPath',
		type: 'string',
		default: '',
		placeholder: 'e.g. /models/lora/sql or my-org/sql-lora',
		description:
			'When the adapter named above is not loaded, load it from this folder on the vLLM host (or this Hugging Face repository) first. It must be under the credential\'s Allowed Adapter Paths.',
	},
	generateOptions(DEFAULT_CONCURRENCY, [
		{
			displayName: 'Structured Output Field',
			name: 'structuredOutputField',
			type: 'options',
			options: [
				{
					name: 'Auto (by Server Version)',
					value: 'auto',
					description: 'Chosen from the version the server reports: structured_outputs from vLLM 0.10.2 on, guided_json before, response_format when the server hides its version',
				},
				{ name: 'Structured Outputs (vLLM 0.10.2 and Newer)', value: 'new', description: 'Sends the schema in the structured_outputs field' },
				{ name: 'Guided JSON (vLLM Before 0.12)', value: 'legacy', description: 'Sends the schema as guided_json, which vLLM 0.12 and newer ignore without an error' },
			],
			default: 'auto',
			description: 'How the JSON schema is sent: vLLM renamed the field and ignores the old one without an error',
		},
		{
			displayName: 'Extra Body (JSON)',
			name: 'extraBody',
			type: 'json',
			default: '{}',
			description: 'Fields merged into the request body last, e.g. {"chat_template_kwargs": {"enable_thinking": false}}',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['text'], operation: ['generate'] } }, properties);

function toOutput(generation: VllmGeneration): IDataObject {
	const { usage, ...rest } = generation;
	return { ...rest, usage: { ...usage } } as IDataObject;
}

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const request = readRequestOptionsOnce(this, DEFAULT_CONCURRENCY);
	const client = createVllmClient(this, request);
	const model = itemParameter(this, 'model', '', true);
	const mode = itemParameter<GenerationMode>(this, 'mode', 'chat');
	const adapterPath = itemParameter(this, 'adapterPath', '');
	const read = generateInputReader(this, { extraBody: (value) => readJsonObject(value, 'Extra Body (JSON)') });
	return {
		concurrency: request.concurrency,
		runItem: async ({ itemIndex, signal }) => {
			const { input, options } = read(itemIndex);
			const generation = await (await client).generate({
				...input,
				model: model(itemIndex),
				mode: mode(itemIndex),
				adapterPath: adapterPath(itemIndex) || undefined,
				structuredOutputMode: (options.structuredOutputField as StructuredOutputMode | undefined) ?? 'auto',
				extraBody: options.extraBody as Record<string, unknown> | undefined,
				timeoutMs: request.timeoutMs,
				signal,
			});
			return toOutput(generation);
		},
	};
}
