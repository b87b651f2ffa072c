/** Load: POST /api/v1/models/load (LM Studio 0.4+). */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { modelLocator, optionsCollection, readRequestOptionsOnce, timeoutAndRetryFields } from '../../../common/descriptions';
import { itemParameter, optionsReader } from '../../../common/itemParameters';
import type { PreparedOperation } from '../../../common/router';
import { createLmStudioClient } from '../../transport';

const properties: INodeProperties[] = [
	modelLocator({
		description: 'The model to load (LM Studio 0.4 or newer). Loading a model that is already loaded adds another instance.',
		searchListMethod: 'searchModels',
		placeholder: 'e.g. openai/gpt-oss-20b',
	}),
	optionsCollection([
		{ displayName: 'Context Length', name: 'contextLength', type: 'number', typeOptions: { minValue: 1 }, default: 8192, description: 'Tokens of context to allocate; more uses more memory for the KV cache' },
		{ displayName: 'Eval Batch Size', name: 'evalBatchSize', type: 'number', typeOptions: { minValue: 1 }, default: 512, description: 'Tokens processed at once while reading the prompt' },
		{ displayName: 'Experts per Token', name: 'numExperts', type: 'number', typeOptions: { minValue: 1 }, default: 4, description: 'Active experts per token for mixture-of-experts models such as gpt-oss' },
		{ displayName: 'Flash Attention', name: 'flashAttention', type: 'boolean', default: true, description: 'Whether to use flash attention' },
		{ displayName: 'Offload KV Cache to GPU', name: 'offloadKvCacheToGpu', type: 'boolean', default: true, description: 'Whether to keep the KV cache in GPU memory' },
		...timeoutAndRetryFields,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['load'] } }, properties);

const numberOrUndefined = (value: unknown) => (typeof value === 'number' ? value : undefined);
const booleanOrUndefined = (value: unknown) => (typeof value === 'boolean' ? value : undefined);

export function prepare(this: IExecuteFunctions): PreparedOperation {
	const client = createLmStudioClient(this, readRequestOptionsOnce(this, 1));
	const model = itemParameter(this, 'model', '', true);
	const settings = optionsReader(this);
	return {
		concurrency: 1,
		runItem: async ({ itemIndex, signal }) => {
			const options = settings(itemIndex);
			const result = await (await client).loadModel(
				{
					model: model(itemIndex),
					contextLength: numberOrUndefined(options.contextLength),
					evalBatchSize: numberOrUndefined(options.evalBatchSize),
					flashAttention: booleanOrUndefined(options.flashAttention),
					numExperts: numberOrUndefined(options.numExperts),
					offloadKvCacheToGpu: booleanOrUndefined(options.offloadKvCacheToGpu),
				},
				signal,
			);
			return { ...result } as unknown as IDataObject;
		},
	};
}
