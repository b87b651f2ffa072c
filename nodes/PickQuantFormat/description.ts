import { NodeConnectionTypes, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';
import { ENGINE_IDS, ENGINES } from '../../lib/engines/registry';
import { MODELS } from '../../lib/knowledge/models';
import { gpuCatalogOptions } from '../shared/gpuCatalogOptions';

const modelOptions: INodePropertyOptions[] = MODELS.map((model) => ({
	name: model.displayName,
	value: model.id,
	description: `${model.id}: ${model.numLayers} layers${model.moe ? `, ${model.moe.numExperts} experts (${model.moe.expertsPerToken} active)` : ''}, weights shipped as ${model.nativeFormat}, up to ${model.maxContextLength} tokens`,
}));

/** Every engine of the registry, alphabetical, after "Any". */
const engineOptions: INodePropertyOptions[] = [
	{ name: 'Any', value: 'any', description: `Compare ${ENGINE_IDS.map((id) => ENGINES[id].label).join(', ')}` },
	...ENGINE_IDS.map((id) => ({ name: ENGINES[id].label, value: id, description: ENGINES[id].description })).sort((a, b) =>
		a.name.localeCompare(b.name),
	),
];

const properties: INodeProperties[] = [
	{
		displayName: 'GPU Source',
		name: 'gpuSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'From Previous Node', value: 'previous', description: 'The GPUs a Detect GPU node (or any node) put in the item' },
			{ name: 'Catalog (Planning)', value: 'catalog', description: 'A GPU model and count from the built-in catalog' },
		],
		default: 'previous',
	},
	{
		displayName: 'GPUs',
		name: 'gpus',
		type: 'json',
		default: '={{ $json.gpus }}',
		required: true,
		displayOptions: { show: { gpuSource: ['previous'] } },
		description: 'A list of GPU objects with at least name and memoryTotalMiB (Detect GPU output), or one GPU object',
	},
	{
		displayName: 'GPU',
		name: 'catalogGpu',
		type: 'options',
		options: gpuCatalogOptions,
		default: 'rtx-pro-6000-blackwell',
		displayOptions: { show: { gpuSource: ['catalog'] } },
		description: 'The GPU to plan for',
	},
	{
		displayName: 'GPU Count',
		name: 'gpuCount',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 64 },
		default: 1,
		displayOptions: { show: { gpuSource: ['catalog'] } },
		description: 'How many of these GPUs',
	},
	{
		displayName: 'Model Source',
		name: 'modelSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Catalog', value: 'catalog', description: 'A model from the built-in list' },
			{ name: 'Custom Config', value: 'custom', description: 'A Hugging Face model config (config JSON file): pasted JSON, a URL or a file path' },
		],
		default: 'catalog',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: modelOptions,
		default: 'openai/gpt-oss-120b',
		displayOptions: { show: { modelSource: ['catalog'] } },
		description: 'The model to serve',
	},
	{
		displayName: 'Model Config',
		name: 'modelConfig',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'https://huggingface.co/Qwen/Qwen3-8B/resolve/main/config.json',
		displayOptions: { show: { modelSource: ['custom'] } },
		description: "The model's config (config JSON file from Hugging Face): the JSON itself, its http(s) URL, or a path on the n8n machine",
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		options: engineOptions,
		default: 'any',
	},
	{
		displayName: 'Context Length',
		name: 'contextLength',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 32768,
		description: 'Tokens one request needs (prompt + answer); capped at the model limit',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Requests served at once, each with the full context',
	},
	{
		displayName: 'KV Cache Dtype',
		name: 'kvCacheDtype',
		type: 'options',
		options: [
			{ name: 'Auto (Model Dtype, FP16/BF16)', value: 'auto' },
			{ name: 'FP8 (vLLM, SGLang; Q8_0 on the GGUF Engines)', value: 'fp8' },
			{ name: 'Q8_0 (GGUF Engines; FP8 on vLLM, SGLang)', value: 'q8_0' },
			{ name: 'Q4_0 (GGUF Engines; FP8 on vLLM, SGLang)', value: 'q4_0' },
		],
		default: 'auto',
		description: 'Precision of the KV cache; smaller fits more context',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'GGUF File',
				name: 'ggufFile',
				type: 'string',
				default: '',
				description: 'Path or URL of a GGUF file you have: its header is read and its real tensor types become a candidate',
			},
			{
				displayName: 'GPU Memory Utilization',
				name: 'gpuMemoryUtilization',
				type: 'number',
				typeOptions: { minValue: 0.05, maxValue: 1, numberPrecision: 2 },
				default: 0.9,
				description: "Share of each GPU vLLM may use (--gpu-memory-utilization; vLLM's default is 0.9)",
			},
			{
				displayName: 'Include All Candidates',
				name: 'includeAll',
				type: 'boolean',
				default: true,
				description: 'Whether to output every candidate; turn off to keep only the best Top N',
			},
			{
				displayName: 'SGLang Memory Fraction',
				name: 'memFractionStatic',
				type: 'number',
				typeOptions: { minValue: 0.05, maxValue: 1, numberPrecision: 3 },
				default: 0.85,
				description:
					"Share of each GPU SGLang keeps for weights and the KV pool (--mem-fraction-static); left out, SGLang's own default for the GPU's memory is used",
			},
			{
				displayName: 'Top N',
				name: 'topN',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 3,
				displayOptions: { show: { includeAll: [false] } },
				description: 'How many candidates to keep when not including all',
			},
		],
	},
];

export const description: INodeTypeDescription = {
	displayName: 'Pick Quant Format',
	name: 'pickQuantFormat',
	icon: { light: 'file:pickQuantFormat.svg', dark: 'file:pickQuantFormat.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ ($parameter["modelSource"] === "custom" ? "Custom model" : $parameter["model"]) + " · " + $parameter["engine"] }}',
	description:
		'Recommends the weight format (MXFP4, NVFP4, FP8, AWQ, GGUF Q4_K_M...), engine and settings for a model on your GPUs: execution path on the tensor cores, memory, largest context, and the command to run',
	defaults: { name: 'Pick Quant Format' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	properties,
};
