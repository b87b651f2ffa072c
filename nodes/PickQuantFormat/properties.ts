import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { ENGINE_IDS, ENGINES } from '../../lib/engines/registry';
import { MODELS } from '../../lib/knowledge/models';
import { gpuCatalogOptions } from '../common/gpuCatalogOptions';

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

const pickOnly = { show: { mode: ['pick'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Pick for One Model', value: 'pick', description: 'Formats, engines and settings for one model, ranked' },
			{
				name: 'What Fits',
				value: 'whatFits',
				description: 'Every catalog model (and any you add) on these GPUs, ranked by what runs best, with verdict, speed estimate and command',
			},
		],
		default: 'pick',
	},
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
			{ name: 'Hugging Face Hub', value: 'hub', description: 'Any model on the Hub by ID: its config and the exact tensor bytes of its safetensors files' },
			{ name: 'Custom Config', value: 'custom', description: 'A Hugging Face model config (config JSON file): pasted JSON, a URL or a file path' },
		],
		default: 'catalog',
		displayOptions: pickOnly,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: modelOptions,
		default: 'openai/gpt-oss-120b',
		displayOptions: { show: { mode: ['pick'], modelSource: ['catalog'] } },
		description: 'The model to serve',
	},
	{
		displayName: 'Hub Model ID',
		name: 'hubModel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Qwen/Qwen3-30B-A3B-FP8',
		displayOptions: { show: { mode: ['pick'], modelSource: ['hub'] } },
		description:
			'A Hugging Face model ID (org/name). Its config JSON gives the architecture and quantization format, the headers of its safetensors files the exact bytes of every tensor (read with HTTP Range requests, never the weights).',
	},
	{
		displayName: 'Model Config',
		name: 'modelConfig',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'https://huggingface.co/Qwen/Qwen3-8B/resolve/main/config.json',
		displayOptions: { show: { mode: ['pick'], modelSource: ['custom'] } },
		description: "The model's config (config JSON file from Hugging Face): the JSON itself, its http(s) URL, or a path on the n8n machine",
	},
	{
		displayName: 'More Models',
		name: 'extraModels',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'qwen3-8b, Qwen/Qwen3-30B-A3B-FP8',
		displayOptions: { show: { mode: ['whatFits'] } },
		description:
			'Models to rank besides the catalog, one per line (or comma-separated): catalog IDs, Hugging Face model IDs (org/name), config JSON URLs or paths, or a config JSON on one line',
	},
	{
		displayName: 'Rank By',
		name: 'rankBy',
		type: 'options',
		options: [
			{ name: 'Capability', value: 'capability', description: 'The largest model that runs first' },
			{ name: 'Speed', value: 'speed', description: 'The fastest estimated decode first' },
		],
		default: 'capability',
		displayOptions: { show: { mode: ['whatFits'] } },
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
				displayName: 'Allowed Sources',
				name: 'allowedSources',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: 'huggingface, /models, models.example.com',
				description:
					'Where a GGUF file, a model config or a Hub model may be read from, comma-separated: huggingface (the Hub and its download hosts), absolute folders on the n8n machine (/models), hosts (models.example.com, *.example.com, https://host:8443), addresses or ranges that are not public (10.0.0.5, 10.0.0.0/8), * for any public host, or none. Empty: OVERLAY_ALLOWED_SOURCES from n8n\'s environment, else huggingface only. Loopback, private, link-local and metadata addresses are refused unless listed, also after redirects.',
			},
			{
				displayName: 'Brief Candidates',
				name: 'briefCandidates',
				type: 'boolean',
				default: false,
				description:
					'Whether to give each candidate in brief, for answers people read: neededGiB, availableGiB, command and settings instead of the memory breakdown in bytes and the engine arguments',
			},
			{
				displayName: 'Compare Original and GGUF',
				name: 'compareCheckpoints',
				type: 'boolean',
				default: false,
				description:
					"Whether to add a comparison of the model's own checkpoint (the best safetensors candidate) with its GGUF ports and the GGUF File: where efficiency is lost, and a verdict",
			},
			{
				displayName: 'Enforce Eager (No CUDA Graphs)',
				name: 'enforceEager',
				type: 'boolean',
				default: false,
				description: 'Whether vLLM runs without CUDA graphs (--enforce-eager): no graph memory (vLLM 0.21+ subtracts about 1 GiB for them), slower decoding',
			},
			{
				displayName: 'GGUF File',
				name: 'ggufFile',
				type: 'string',
				default: '',
				description:
					'Path or URL of a GGUF file you have: its header is read and its real tensor types become a candidate. Read only where Allowed Sources allows.',
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
				displayName: 'Hub Revision',
				name: 'hubRevision',
				type: 'string',
				default: '',
				placeholder: 'main',
				description: 'Branch, tag or commit of Hugging Face Hub models (default main)',
			},
			{
				displayName: 'Include All Candidates',
				name: 'includeAll',
				type: 'boolean',
				default: true,
				description: 'Whether to output every candidate; turn off to keep only the best Top N',
			},
			{
				displayName: 'Max Num Batched Tokens',
				name: 'maxNumBatchedTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 8192,
				description: "Tokens per prefill step (vLLM --max-num-batched-tokens); left out, vLLM's own default for the GPU (8192 on GPUs with 70 GiB or more, 2048 otherwise)",
			},
			{
				displayName: 'Max Num Seqs',
				name: 'maxNumSeqs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 256,
				description: "Requests vLLM serves at once (--max-num-seqs); the profile run's sampler memory grows with it. Left out, vLLM's own default (1024 on GPUs with 70 GiB or more, 256 otherwise).",
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
