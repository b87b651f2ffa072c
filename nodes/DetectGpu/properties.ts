import type { INodeProperties } from 'n8n-workflow';
import { NVIDIA_SMI_COMMAND, ROCM_SMI_COMMAND } from '../../lib/gpu';
import { gpuCatalogOptions } from '../common/gpuCatalogOptions';

export const properties: INodeProperties[] = [
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
				displayName: 'Explain Formats',
				name: 'explainFormats',
				type: 'boolean',
				default: false,
				description: 'Whether to add to each GPU a "formats" object saying, per format (FP4, MXFP4, NVFP4, FP6, FP8, INT8, BF16, FP16, TF32), whether its tensor cores run it natively and with which instruction',
			},
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
