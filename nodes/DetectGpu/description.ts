import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import { NVIDIA_SMI_COMMAND, ROCM_SMI_COMMAND } from '../../lib/gpu';
import { gpuCatalogOptions } from '../shared/gpuCatalogOptions';


const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'This Machine', value: 'local', description: 'Run nvidia-smi (or rocm-smi) on the machine n8n runs on, once per execution' },
			{ name: 'Text From a Previous Node', value: 'text', description: 'Output of nvidia-smi, rocm-smi or a DCGM scrape, e.g. from an SSH or Execute Command node' },
			{ name: 'DCGM Exporter', value: 'dcgm', description: 'Read the GPUs from an NVIDIA DCGM exporter (Prometheus metrics URL)' },
			{ name: 'Catalog (Planning)', value: 'catalog', description: 'A GPU model and count from the built-in catalog, without the hardware' },
		],
		default: 'local',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.stdout }}',
		required: true,
		displayOptions: { show: { source: ['text'] } },
		description: `Output of \`${NVIDIA_SMI_COMMAND}\` (or \`nvidia-smi -q -x\`, or \`${ROCM_SMI_COMMAND}\`, or a DCGM exporter scrape). The format is recognised automatically.`,
	},
	{
		displayName: 'Exporter URL',
		name: 'dcgmUrl',
		type: 'string',
		default: 'http://localhost:9400/metrics',
		required: true,
		displayOptions: { show: { source: ['dcgm'] } },
		description: 'The metrics URL of dcgm-exporter (default port 9400)',
	},
	{
		displayName: 'GPU',
		name: 'catalogGpu',
		type: 'options',
		options: gpuCatalogOptions,
		default: 'rtx-pro-6000-blackwell',
		displayOptions: { show: { source: ['catalog'] } },
		description: 'The GPU to plan for; memory is what the driver reports where known',
	},
	{
		displayName: 'GPU Count',
		name: 'gpuCount',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1024 },
		default: 1,
		displayOptions: { show: { source: ['catalog'] } },
		description: 'How many of these GPUs',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'One Item per GPU',
				name: 'onePerGpu',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item per GPU (its fields at the top level) instead of one item with a gpus list and a summary',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 15,
				displayOptions: { show: { '/source': ['local', 'dcgm'] } },
				description: 'How long nvidia-smi (or rocm-smi) or the exporter may take',
			},
		],
	},
];

export const description: INodeTypeDescription = {
	displayName: 'Detect GPU',
	name: 'detectGpu',
	icon: { light: 'file:detectGpu.svg', dark: 'file:detectGpu.dark.svg' },
	group: ['input'],
	version: 1,
	subtitle: '={{ {"local": "This machine", "text": "From text", "dcgm": "DCGM exporter", "catalog": "Catalog: " + $parameter["catalogGpu"]}[$parameter["source"]] }}',
	description:
		'Lists GPUs with their memory, architecture and the number formats their tensor cores run natively (FP8, FP4/MXFP4/NVFP4, BF16...), from this machine, nvidia-smi/rocm-smi text, a DCGM exporter or the catalog',
	defaults: { name: 'Detect GPU' },
	// What an AI agent reads when it decides whether to call the tool.
	usableAsTool: {
		replacements: {
			description:
				'Looks up GPUs: for each, its memory in MiB, architecture and the number formats its tensor cores run natively (FP8, FP4/MXFP4/NVFP4, BF16...). With the catalog source it takes a GPU name or catalog id (e.g. rtx-5090, h100-sxm, rtx-pro-6000-blackwell) and a count, so it also answers for GPUs the user only plans to buy.',
		},
	},
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	properties,
};
