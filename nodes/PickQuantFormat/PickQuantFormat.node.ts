import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { pickQuantFormat, whatFits, type KvCacheDtype, type PickQuantFormatInput } from '../../lib/advisor';
import { briefCandidate, compareCheckpoints, mapComparison } from '../../lib/advisorViews';
import { inputError } from '../../lib/errors';
import { gpuFromCatalog } from '../../lib/knowledge/index-gpu';
import type { Candidate, EngineChoice, GpuInfo } from '../../lib/types';
import type { HubOptions } from '../../lib/models/hub/settings';
import { runItems } from '../common/runItems';
import { properties } from './properties';

const HUB_CREDENTIAL = 'huggingFaceHubApi';
const MODEL_PARAMETER = { catalog: 'model', hub: 'hubModel', custom: 'modelConfig' } as const;

interface Options {
	allowedSources?: string;
	hubRevision?: string;
	gpuMemoryUtilization?: number;
	memFractionStatic?: number;
	includeAll?: boolean;
	topN?: number;
	ggufFile?: string;
	maxNumBatchedTokens?: number;
	maxNumSeqs?: number;
	enforceEager?: boolean;
	briefCandidates?: boolean;
	compareCheckpoints?: boolean;
}

function parseJsonParameter(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw inputError('The GPUs field is not valid JSON.', 'Use {{ $json.gpus }} from Detect GPU, or a JSON list of GPU objects with name and memoryTotalMiB.');
	}
}

function gpusFromParameter(value: unknown): Array<Partial<GpuInfo>> {
	const parsed = parseJsonParameter(value);
	const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : [];
	if (list.length === 0) {
		throw inputError(
			'No GPUs in the input item.',
			'Put a Detect GPU node before this one (GPUs = {{ $json.gpus }}), or switch GPU Source to Catalog.',
		);
	}
	return list as Array<Partial<GpuInfo>>;
}

/** One model per line; a line that is not a JSON config may list several, comma-separated. */
function modelList(value: unknown): string[] {
	return String(value ?? '')
		.split('\n')
		.flatMap((line) => (line.trim().startsWith('{') ? [line] : line.split(',')))
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/** The Hub endpoint and token from the optional credential; without it the library reads HF_ENDPOINT and HF_TOKEN. */
async function hubCredential(ctx: IExecuteFunctions): Promise<HubOptions> {
	if (!ctx.getNode().credentials?.[HUB_CREDENTIAL]) return {};
	const credentials = await ctx.getCredentials(HUB_CREDENTIAL);
	return { endpoint: String(credentials.endpoint ?? '') || undefined, token: String(credentials.token ?? '') || undefined };
}

export class PickQuantFormat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pick Quant Format',
		name: 'pickQuantFormat',
		icon: { light: 'file:pickQuantFormat.svg', dark: 'file:pickQuantFormat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["mode"] === "whatFits" ? "What fits · " + $parameter["engine"] : ($parameter["modelSource"] === "custom" ? "Custom model" : $parameter["modelSource"] === "hub" ? $parameter["hubModel"] : $parameter["model"]) + " · " + $parameter["engine"] }}',
		description:
			'Recommends the weight format (MXFP4, NVFP4, FP8, AWQ, GGUF Q4_K_M...), engine and settings for a model on your GPUs: execution path, memory, whether the engine starts (and the fix when not), concurrency, a speed estimate and the command; or ranks every model by what fits',
		defaults: { name: 'Pick Quant Format' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Checks whether a model fits on given GPUs and recommends how to run it: the weight format (MXFP4, NVFP4, FP8, AWQ, GGUF Q4_K_M...), the engine (vLLM, llama.cpp, LM Studio, SGLang, Ollama), whether and how it fits (memory per GPU, tensor parallelism), the largest context, and the command to run. Its summary field answers in one sentence.',
			},
		},
		credentials: [{ name: 'huggingFaceHubApi', required: false }],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credential = await hubCredential(this);
		const output = await runItems(this, async ({ itemIndex, signal }) => {
			const mode = this.getNodeParameter('mode', itemIndex, 'pick') as 'pick' | 'whatFits';
			const gpuSource = this.getNodeParameter('gpuSource', itemIndex) as 'previous' | 'catalog';
			const gpus =
				gpuSource === 'catalog'
					? Array.from({ length: Math.max(1, Number(this.getNodeParameter('gpuCount', itemIndex, 1)) || 1) }, (_, i) =>
							gpuFromCatalog(String(this.getNodeParameter('catalogGpu', itemIndex)), i),
						)
					: gpusFromParameter(this.getNodeParameter('gpus', itemIndex));
			const engine = this.getNodeParameter('engine', itemIndex) as EngineChoice;
			const kvCacheDtype = this.getNodeParameter('kvCacheDtype', itemIndex, 'auto') as KvCacheDtype;
			const options = this.getNodeParameter('options', itemIndex, {}) as Options;
			const common = {
				gpus,
				engine,
				contextLength: Number(this.getNodeParameter('contextLength', itemIndex)),
				concurrency: Number(this.getNodeParameter('concurrency', itemIndex, 1)),
				kvCacheDtype: kvCacheDtype === 'auto' ? undefined : kvCacheDtype,
				gpuMemoryUtilization: options.gpuMemoryUtilization,
				memFractionStatic: options.memFractionStatic,
				maxNumBatchedTokens: options.maxNumBatchedTokens,
				maxNumSeqs: options.maxNumSeqs,
				enforceEager: options.enforceEager,
				// Empty: OVERLAY_ALLOWED_SOURCES from n8n's environment, else the Hugging Face Hub only (lib/net/sourcePolicy.ts).
				sources: options.allowedSources,
				hub: { ...credential, revision: options.hubRevision },
				signal,
			};
			const inputSummary = { gpus: gpus.map((g) => g.name ?? null), engine, contextLength: common.contextLength, concurrency: common.concurrency };
			if (mode === 'whatFits') {
				const rankBy = this.getNodeParameter('rankBy', itemIndex, 'capability') as 'capability' | 'speed';
				const result = await whatFits({ ...common, models: modelList(this.getNodeParameter('extraModels', itemIndex, '')), rankBy });
				return { ...result, input: { ...inputSummary, rankBy } } as unknown as IDataObject;
			}
			const modelSource = this.getNodeParameter('modelSource', itemIndex) as 'catalog' | 'hub' | 'custom';
			const model = String(this.getNodeParameter(MODEL_PARAMETER[modelSource], itemIndex, ''));
			if (!model.trim()) {
				throw modelSource === 'hub'
					? inputError('No Hugging Face model ID was given.', 'Give an ID such as Qwen/Qwen3-30B-A3B-FP8.')
					: inputError('No model config was given.', 'Paste the config.json, or give its URL or path.');
			}
			const input: PickQuantFormatInput = {
				...common,
				model,
				topN: options.includeAll === false ? (options.topN ?? 3) : undefined,
				ggufFile: options.ggufFile?.trim() || undefined,
			};
			const result = await pickQuantFormat(input);
			const view = (candidate: Candidate) => (options.briefCandidates ? briefCandidate(candidate) : candidate);
			return {
				recommended: result.recommended && view(result.recommended),
				candidates: result.candidates.map(view),
				summary: result.summary,
				rejected: result.rejected,
				input: { ...inputSummary, model: result.model },
				...(options.compareCheckpoints ? { comparison: mapComparison(compareCheckpoints(result, gpus, input.ggufFile), view) } : {}),
			} as unknown as IDataObject;
		});
		return [output];
	}
}
