/** Generate: one chat completion per item, with LM Studio's statistics. */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { modelLocator, readRequestOptionsOnce, reasoningEffortField } from '../../../common/descriptions';
import { generateInputReader, generateOptions, promptFields } from '../../../common/generateInput';
import { itemParameter } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createLmStudioClient } from '../../transport';

/**
 * LM Studio 0.3 serves one request at a time per model; 0.4 runs up to the model's `parallel`
 * slots (4 in LM Studio's load config) at once. 4 in flight uses those slots without piling a
 * long queue (queued time counts toward each request's timeout).
 */
const DEFAULT_CONCURRENCY = 4;

const properties: INodeProperties[] = [
	{
		displayName:
			'LM Studio cannot apply LoRA adapters at runtime, so this node has no adapter setting. To choose an adapter per request, use the "vLLM Generate with LoRA" node.',
		name: 'loraNotice',
		type: 'notice',
		default: '',
	},
	modelLocator({
		description: 'The model to answer with; loaded models are listed first. A model that is not loaded is loaded on demand (Just-in-Time) when LM Studio allows it.',
		searchListMethod: 'searchModels',
		placeholder: 'e.g. openai/gpt-oss-20b',
	}),
	...promptFields,
	generateOptions(DEFAULT_CONCURRENCY, [
		{
			...reasoningEffortField,
			description:
				'For reasoning models such as gpt-oss, sent as reasoning_effort. Checked against the model\'s allowed values on LM Studio 0.4.8+. Some LM Studio versions ignore it on chat completions and use the model\'s setting in the app instead.',
		},
		{
			displayName: 'JIT Load TTL (Seconds)',
			name: 'ttlSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description: 'When this request makes LM Studio load the model Just-in-Time, unload it after this many idle seconds (LM Studio\'s default is 60 minutes)',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['text'], operation: ['generate'] } }, properties);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const request = readRequestOptionsOnce(this, DEFAULT_CONCURRENCY);
	const client = createLmStudioClient(this, request);
	const model = itemParameter(this, 'model', '', true);
	const read = generateInputReader(this);
	return {
		concurrency: request.concurrency,
		runItem: async ({ itemIndex, signal }) => {
			const { input, options } = read(itemIndex);
			const ttlSeconds = typeof options.ttlSeconds === 'number' ? options.ttlSeconds : undefined;
			const { warnings, json, raw, ...rest } = await (await client).generate({ ...input, model: model(itemIndex), ttlSeconds }, signal);
			const output: IDataObject = { ...(rest as unknown as IDataObject) };
			if (input.jsonSchema) output.structuredOutput = json as IDataObject;
			if (warnings.length > 0) output.warnings = warnings;
			if (raw !== undefined) output.raw = raw as IDataObject;
			return output;
		},
	};
}
