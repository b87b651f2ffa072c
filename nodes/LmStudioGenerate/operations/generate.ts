/** Generate: one chat completion per item, with LM Studio's statistics. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LmStudioClient, ReasoningEffort } from '../../../lib/clients/lmstudio';
import {
	contextDocumentFields,
	readContextDocuments,
	readJsonParameter,
	readRequestOptions,
	readSamplingOptions,
	requestOptionFields,
	samplingOptionFields,
	type RequestOptions,
} from '../../shared/descriptions';
import { modelLocator, showFor } from './common';

/**
 * LM Studio 0.3 serves one request at a time per model; 0.4 runs up to the model's `parallel`
 * slots (4 in LM Studio's load config) at once. 4 in flight uses those slots without piling a
 * long queue (queued time counts toward each request's timeout).
 */
export const LMSTUDIO_DEFAULT_CONCURRENCY = 4;

export const generateDescription: INodeProperties[] = [
	{
		displayName:
			'LM Studio cannot apply LoRA adapters at runtime, so this node has no adapter setting. To choose an adapter per request, use the "vLLM Generate with LoRA" node.',
		name: 'loraNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('generate'),
	},
	modelLocator(['generate'], 'searchModels', 'The model to answer with; loaded models are listed first. A model that is not loaded is loaded on demand (Just-in-Time) when LM Studio allows it.'),
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.body.prompt }}',
		description: 'The user message',
		displayOptions: showFor('generate'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('generate'),
		options: ([
			{ displayName: 'System Prompt', name: 'systemPrompt', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Instructions that come before the prompt' },
			...samplingOptionFields,
			...contextDocumentFields,
			{
				displayName: 'Include Raw Response',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add LM Studio\'s whole answer as "raw"',
			},
			{
				displayName: 'JIT Load TTL (Seconds)',
				name: 'ttlSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description: 'When this request makes LM Studio load the model Just-in-Time, unload it after this many idle seconds (LM Studio\'s default is 60 minutes)',
			},
			{
				displayName: 'Reasoning Effort',
				name: 'reasoningEffort',
				type: 'options',
				options: [
					{ name: 'Server Default', value: '' },
					{ name: 'Low', value: 'low' },
					{ name: 'Medium', value: 'medium' },
					{ name: 'High', value: 'high' },
				],
				default: '',
				description:
					'For reasoning models such as gpt-oss, sent as reasoning_effort. Checked against the model\'s allowed options on LM Studio 0.4.8+. Some LM Studio versions ignore it on chat completions and use the model\'s setting in the app instead.',
			},
			{
				displayName: 'Structured Output (JSON Schema)',
				name: 'jsonSchema',
				type: 'json',
				default: '',
				placeholder: '{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}',
				description: 'Constrain the answer to this JSON schema (sent as response_format json_schema); the parsed answer comes out as "JSON"',
			},
			...requestOptionFields(LMSTUDIO_DEFAULT_CONCURRENCY),
		] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export function readGenerateRequestOptions(ctx: IExecuteFunctions, itemIndex: number): RequestOptions {
	return readRequestOptions(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject, LMSTUDIO_DEFAULT_CONCURRENCY);
}

export async function generate(ctx: IExecuteFunctions, itemIndex: number, client: LmStudioClient, signal: AbortSignal): Promise<IDataObject> {
	const model = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const prompt = ctx.getNodeParameter('prompt', itemIndex, '') as string;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const jsonSchema = readJsonParameter(options.jsonSchema, 'Structured Output (JSON Schema)') as Record<string, unknown> | undefined;
	const contextDocuments = readContextDocuments(options.contextDocuments);
	const result = await client.generate(
		{
			model,
			prompt,
			systemPrompt: options.systemPrompt as string | undefined,
			contextDocuments,
			contextTemplate: options.contextTemplate as string | undefined,
			sampling: readSamplingOptions(options),
			jsonSchema,
			reasoningEffort: (options.reasoningEffort as ReasoningEffort | '') || undefined,
			ttlSeconds: typeof options.ttlSeconds === 'number' ? options.ttlSeconds : undefined,
			includeRaw: options.includeRaw === true,
		},
		signal,
	);
	const { warnings, json, raw, ...rest } = result;
	const output: IDataObject = { ...(rest as unknown as IDataObject) };
	if (jsonSchema) output.json = json as IDataObject;
	if (warnings.length > 0) output.warnings = warnings;
	if (raw !== undefined) output.raw = raw as IDataObject;
	return output;
}
