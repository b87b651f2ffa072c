/**
 * What the pack knows about one inference engine, as one object (`EngineProfile`). Each engine folder
 * (lib/engines/<id>/) exports one profile; lib/engines/registry.ts collects them. The generic advisor
 * (lib/advisor: planning, ranking, sentences) asks the profile and never branches on an engine name.
 */
import type { CheckpointKind, EngineArgs, ExecutionPath, GpuInfo, Vendor } from '../types';
import type { FormatRow, SupportFamily } from '../knowledge/formats';
import type { GgufInspection } from '../gguf/types';
import type { ModelSpec } from '../models/types';
import type { WeightBytes } from '../models/weights';
import type { EngineId } from './registry';

/** KV cache element types across engines (vLLM/SGLang: auto, fp8*; llama.cpp family: f16, q8_0, q4_0). */
export type KvCacheDtype = 'auto' | 'f16' | 'bf16' | 'fp8' | 'fp8_e4m3' | 'fp8_e5m2' | 'q8_0' | 'q4_0';

/** Scheduler and batch settings that change memory; each engine reads the ones it has and fills its defaults. */
export interface EngineKnobs {
	/** vLLM --max-num-batched-tokens (default: vLLM's own, by GPU memory). */
	maxNumBatchedTokens?: number;
	/** vLLM --max-num-seqs (default: vLLM's own, by GPU memory). */
	maxNumSeqs?: number;
	/** llama.cpp -ub (default 512). */
	ubatch?: number;
	/** vLLM --tensor-parallel-size / SGLang --tp; weights and KV are divided by it per GPU. */
	tensorParallelSize?: number;
}

/** Versions of the engines a user runs: vLLM "0.17.0", llama.cpp build "b7536", SGLang "0.5.17", Ollama "0.30.0". */
export type EngineVersions = Partial<Record<EngineId, string>> & {
	/** Older name of the llama.cpp build key (also used for LM Studio's llama.cpp runtime). */
	llamaCpp?: string;
};

/** A GPU with the memory the engine can see (for Apple: the Metal working-set budget). */
export interface UsableGpu {
	gpu: GpuInfo;
	totalBytes: number;
	/** Free memory in bytes when the driver says so. */
	freeBytes: number | null;
}

/** Format family x GPU instruction set -> execution path, for one engine, with versions and a public source. */
export interface SupportRow {
	family: SupportFamily;
	/** Restrict the row to some format ids of the family (e.g. AWQ vs GPTQ on Volta). */
	formats?: string[];
	vendor: Vendor;
	/** NVIDIA compute capability range, inclusive, written as major*10+minor (12.0 -> 120). */
	minCc?: number;
	maxCc?: number;
	/** AMD gfx target prefixes ("gfx942", "gfx11"). */
	isaPrefixes?: string[];
	execution: ExecutionPath;
	kernel: string;
	/** First release with this behaviour, in the engine's own numbering (vLLM "0.10.2", llama.cpp "b7536"). */
	minVersion?: string;
	/** Last release known to behave like this (inclusive). */
	maxVersion?: string;
	/** Announced in an open pull request, in no release: never applied, only mentioned. */
	pending?: boolean;
	/** Environment variables the engine needs for this path. */
	env?: Record<string, string>;
	note: string;
	/** Public URLs (docs page, file at a commit, issue/PR), separated by "; ". */
	source: string;
}

/** One (engine, format, checkpoint) worth planning. */
export interface PlanOption {
	engine: EngineId;
	format: FormatRow;
	/** Hugging Face repo to serve / download; null for a custom model without a repo. */
	repo: string | null;
	/** GGUF file name inside the repo, or a local path / URL for an inspected file. */
	file: string | null;
	/** The engine's own catalog name for the checkpoint (LM Studio model key, Ollama tag). */
	modelKey: string | null;
	/** Online FP8 quantization of BF16 weights at load (vLLM/SGLang --quantization fp8). */
	onlineQuantization: boolean;
	/** BF16 weights served as FP16 on a GPU without BF16 (--dtype half). */
	castToFp16: boolean;
	/** The format is the one the model was trained / shipped in. */
	isModelNative: boolean;
	gguf: GgufInspection | null;
}

export interface OptionsInput {
	model: ModelSpec;
	vendors: Vendor[];
	/** Every NVIDIA GPU given has BF16 tensor cores. */
	hasBf16: boolean;
}

/** Cells (token slots) the engine reserves per layer kind, and their bytes, all sequences together. */
export interface KvCacheDetail {
	fullAttentionLayers: number;
	slidingLayers: number;
	fullCells: number;
	slidingCells: number;
	fullLayerBytes: number;
	slidingLayerBytes: number;
	bytesPerElement: number;
}

export interface KvCacheInput {
	model: ModelSpec;
	contextLength: number;
	concurrency: number;
	/** The dtype the engine stores (after `kvCacheDtype` mapped the request). */
	dtype: KvCacheDtype | undefined;
	knobs: EngineKnobs;
	/** The first GPU, when planning on hardware (batch defaults and attention backends depend on it). */
	gpu: UsableGpu | null;
}

export interface OverheadInput {
	model: ModelSpec;
	knobs: EngineKnobs;
	tensorParallelSize: number;
	gpu: UsableGpu | null;
}

export interface BudgetInput {
	gpu: UsableGpu;
	/** vLLM --gpu-memory-utilization when given (default: vLLM's own). */
	gpuMemoryUtilization: number | undefined;
	/** SGLang --mem-fraction-static when given (default: SGLang's own heuristic). */
	memFractionStatic: number | undefined;
	tensorParallelSize: number;
}

export interface WeightsInput {
	model: ModelSpec;
	format: FormatRow;
	/** The checkpoint's bytes as the format rows count them. */
	weights: WeightBytes;
}

/** How the engine holds memory: its budget per GPU, weights as loaded, KV layout and overheads. */
export interface EngineMemoryModel {
	/** Bytes of one GPU the engine plans with (a share of total memory, or what is free). */
	budget(input: BudgetInput): number;
	/** Weights as the engine holds them when that differs from the checkpoint's bytes; null when the same. */
	weightsAsLoaded?(input: WeightsInput): { weights: WeightBytes; assumption: string } | null;
	kvCache(input: KvCacheInput): KvCacheDetail;
	/** Per GPU, besides weights and KV: CUDA context, activations, CUDA graphs, compute buffers. */
	overhead(input: OverheadInput): { bytes: number; assumption: string };
	/** Whether part of the model can stay in system RAM when it does not fit (llama.cpp --n-cpu-moe / -ngl). */
	cpuOffload: boolean;
	// Issue 9 adds here: startupCheck(input) -> { starts, reason, smallestFix } reproducing the engine's own check.
}

/** How a plan spreads over several GPUs. */
export interface Parallelism {
	/** GPU counts worth trying, fewest first. */
	gpuCounts(model: ModelSpec, available: number): number[];
	/** Ranks the memory estimate divides weights and KV by (tensor parallelism), 1 for a layer split. */
	ranks(count: number): number;
	/** Bytes each GPU needs, and the totals with every GPU's own overhead counted. */
	split(estimate: { weightsBytes: number; kvCacheBytes: number; overheadBytes: number; totalBytes: number }, perGpuAvailable: number[]): {
		perGpuNeed: number[];
		overheadBytes: number;
		totalBytes: number;
	};
	tensorParallelSize(count: number): number | null;
	/** Proportions for a layer split (llama.cpp --tensor-split), null otherwise. */
	tensorSplit(perGpuAvailable: number[]): number[] | null;
}

/** The engine's KV cache setting for a requested dtype. */
export interface KvDtypeChoice {
	/** What sizes the cache (undefined: the model's 16-bit dtype). */
	dtype: KvCacheDtype | undefined;
	/** The value the engine's own option takes, null when left at its default. */
	setting: string | null;
	/** Set when the request had to be mapped to another type. */
	warning: string | null;
}

/** What the engine's command and sentences need of a plan. */
export interface PlanView {
	gpuCount: number;
	tensorParallelSize: number | null;
	cpuMoeLayers: number;
	gpuLayers: number | null;
	tensorSplit: number[] | null;
}

export interface ArgsInput {
	option: PlanOption;
	model: ModelSpec;
	contextLength: number;
	concurrency: number;
	plan: PlanView;
	/** The GPUs the plan uses. */
	gpus: UsableGpu[];
	gpuMemoryUtilization: number | undefined;
	memFractionStatic: number | undefined;
	kv: KvDtypeChoice;
	/** Environment variables the support row asks for. */
	env: Record<string, string>;
}

export interface NotesInput {
	model: ModelSpec;
	option: PlanOption;
	plan: PlanView;
	/** The GPUs the plan uses. */
	gpus: UsableGpu[];
	/** Every GPU given (an engine sees them all, e.g. for its default context). */
	visibleGpus: UsableGpu[];
	contextLength: number;
	/** True when the user left the context length to the engine's default. */
	defaultContext: boolean;
	gpuMemoryUtilization: number | undefined;
	/** The engine version the user gave, if any. */
	version: string | undefined;
}

export interface DefaultContextInput {
	model: ModelSpec;
	gpus: UsableGpu[];
	version: string | undefined;
}

export interface EngineProfile {
	id: EngineId;
	/** Short name: option lists, candidate `engineLabel`. */
	label: string;
	/** Name in sentences ("LM Studio (llama.cpp engine)"). */
	longLabel: string;
	/** One line for the node's engine list. */
	description: string;
	/** Completes "Needs ... 0.10.2 or newer". */
	versionLabel: string;
	/** The checkpoint kind the engine loads. */
	checkpoint: CheckpointKind;
	/** Whether a GGUF file given by the user becomes a candidate on this engine. */
	acceptsGgufFile: boolean;
	/** Small preference among otherwise equal candidates (lib/advisor/score.ts). */
	rankBonus: number;
	version(versions: EngineVersions): string | undefined;
	support: readonly SupportRow[];
	options(input: OptionsInput): PlanOption[];
	defaultContextLength(input: DefaultContextInput): number;
	kvCacheDtype(requested: KvCacheDtype | undefined): KvDtypeChoice;
	memory: EngineMemoryModel;
	parallelism: Parallelism;
	args(input: ArgsInput): EngineArgs;
	/** Engine-specific sentences for a planned candidate. */
	notes(input: NotesInput): { reasons: string[]; warnings: string[] };
}
