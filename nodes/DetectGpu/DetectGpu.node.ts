import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { inputError } from '../../lib/errors';
import { describeGpus, detectGpus, fetchDcgmGpus, formatSupport, parseGpuText, summarizeGpus, NVIDIA_SMI_COMMAND, type DetectGpusResult } from '../../lib/gpu';
import { gpuFromCatalog } from '../../lib/knowledge/index-gpu';
import type { GpuInfo } from '../../lib/types';
import { runItems } from '../common/runItems';
import { properties } from './properties';

type Source = 'local' | 'text' | 'dcgm' | 'catalog';

interface Detection {
	gpus: GpuInfo[];
	warnings: string[];
	tool: string | null;
}

function readText(value: unknown): string | object {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
	throw inputError('There is no GPU tool output to read.', `Run \`${NVIDIA_SMI_COMMAND}\` in an SSH or Execute Command node before this one and keep Text = {{ $json.stdout }}.`);
}

function gpuCount(value: unknown): number {
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > 1024) {
		throw inputError(`GPU Count must be a whole number from 1 to 1024, not ${String(value)}.`, 'Set GPU Count to how many GPUs to plan for.');
	}
	return count;
}

function toItems(found: Detection, onePerGpu: boolean, explainFormats: boolean): IDataObject | IDataObject[] {
	const detection = explainFormats ? { ...found, gpus: found.gpus.map((gpu) => ({ ...gpu, formats: formatSupport(gpu) })) } : found;
	if (onePerGpu && detection.gpus.length > 0) {
		return detection.gpus.map((gpu) => ({ ...gpu, text: describeGpus([gpu]) }) as unknown as IDataObject);
	}
	const summary = summarizeGpus(detection.gpus);
	return {
		gpus: detection.gpus,
		summary,
		text: describeGpus(detection.gpus, summary),
		tool: detection.tool,
		warnings: detection.warnings,
	} as unknown as IDataObject;
}

export class DetectGpu implements INodeType {
	description: INodeTypeDescription = {
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One nvidia-smi process (and one fetch per exporter URL) per execution, whatever the item count.
		let local: Promise<DetectGpusResult> | undefined;
		const scrapes = new Map<string, Promise<GpuInfo[]>>();

		const output = await runItems(this, async ({ itemIndex, signal }) => {
			const source = this.getNodeParameter('source', itemIndex) as Source;
			const { onePerGpu, explainFormats, timeoutSeconds } = this.getNodeParameter('options', itemIndex, {}) as {
				onePerGpu?: boolean;
				explainFormats?: boolean;
				timeoutSeconds?: number;
			};
			const options = { onePerGpu, timeoutMs: timeoutSeconds === undefined ? undefined : Math.round(timeoutSeconds * 1000) };
			let detection: Detection;
			switch (source) {
				case 'local': {
					local ??= detectGpus({ timeoutMs: options.timeoutMs });
					const result = await local;
					detection = { gpus: result.gpus, warnings: [...result.warnings], tool: result.tool };
					break;
				}
				case 'text': {
					const gpus = parseGpuText(readText(this.getNodeParameter('text', itemIndex)));
					detection = { gpus, warnings: [], tool: gpus[0]?.source ?? null };
					break;
				}
				case 'dcgm': {
					const url = String(this.getNodeParameter('dcgmUrl', itemIndex)).trim();
					if (!scrapes.has(url)) scrapes.set(url, fetchDcgmGpus(url, { timeoutMs: options.timeoutMs, signal }));
					detection = { gpus: await (scrapes.get(url) as Promise<GpuInfo[]>), warnings: [], tool: 'dcgm' };
					break;
				}
				case 'catalog': {
					const id = String(this.getNodeParameter('catalogGpu', itemIndex));
					const count = gpuCount(this.getNodeParameter('gpuCount', itemIndex, 1));
					detection = { gpus: Array.from({ length: count }, (_, index) => gpuFromCatalog(id, index)), warnings: [], tool: null };
					break;
				}
				default:
					throw inputError(`Unknown source "${String(source)}".`, 'Choose This Machine, Text, DCGM Exporter or Catalog.');
			}
			return toItems(detection, options.onePerGpu === true, explainFormats === true);
		});
		return [output];
	}
}
