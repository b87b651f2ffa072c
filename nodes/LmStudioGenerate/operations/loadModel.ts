/** Load Model: POST /api/v1/models/load (LM Studio 0.4+). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LmStudioClient } from '../../../lib/clients/lmstudio';
import { modelLocator, showFor } from './common';

export const loadModelDescription: INodeProperties[] = [
	modelLocator(['loadModel'], 'searchModels', 'The model to load (LM Studio 0.4 or newer). Loading a model that is already loaded adds another instance.'),
	{
		displayName: 'Load Options',
		name: 'loadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('loadModel'),
		options: [
			{ displayName: 'Context Length', name: 'contextLength', type: 'number', typeOptions: { minValue: 1 }, default: 8192, description: 'Tokens of context to allocate; more uses more memory for the KV cache' },
			{ displayName: 'Eval Batch Size', name: 'evalBatchSize', type: 'number', typeOptions: { minValue: 1 }, default: 512, description: 'Tokens processed at once while reading the prompt' },
			{ displayName: 'Experts', name: 'numExperts', type: 'number', typeOptions: { minValue: 1 }, default: 4, description: 'Active experts per token for mixture-of-experts models such as gpt-oss' },
			{ displayName: 'Flash Attention', name: 'flashAttention', type: 'boolean', default: true, description: 'Whether to use flash attention' },
			{ displayName: 'Offload KV Cache to GPU', name: 'offloadKvCacheToGpu', type: 'boolean', default: true, description: 'Whether to keep the KV cache in GPU memory' },
		],
	},
];

const numberOrUndefined = (value: unknown) => (typeof value === 'number' ? value : undefined);
const booleanOrUndefined = (value: unknown) => (typeof value === 'boolean' ? value : undefined);

export async function loadModel(ctx: IExecuteFunctions, itemIndex: number, client: LmStudioClient, signal: AbortSignal): Promise<IDataObject> {
	const model = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const options = ctx.getNodeParameter('loadOptions', itemIndex, {}) as IDataObject;
	const result = await client.loadModel(
		{
			model,
			contextLength: numberOrUndefined(options.contextLength),
			evalBatchSize: numberOrUndefined(options.evalBatchSize),
			flashAttention: booleanOrUndefined(options.flashAttention),
			numExperts: numberOrUndefined(options.numExperts),
			offloadKvCacheToGpu: booleanOrUndefined(options.offloadKvCacheToGpu),
		},
		signal,
	);
	return { ...result } as unknown as IDataObject;
}
