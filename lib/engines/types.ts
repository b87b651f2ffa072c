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
	/** vLLM --tensor-parallel-size / SGLang --tp; weights are divided by it, KV heads too (never below one per GPU). */
	tensorParallelSize?: number;
	/** vLLM --enforce-eager: no CUDA graphs (no graph memory, slower decode). */
	enforceEager?: boolean;
	/** vLLM --block-size (16 tokens by default on CUDA). */
	blockSize?: number;
	/** llama.cpp -fa (flash attention): on by default in current builds, off in 2024 builds. */
	flashAttention?: boolean;
	/** llama.cpp backend; Vulkan caps a single allocation at 4 GiB. Default: CUDA on NVIDIA, ROCm on AMD, Metal on Apple. */
	backend?: GgufBackend;
}

export type GgufBackend = 'cuda' | 'rocm' | 'vulkan' | 'metal';

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
	/** Set when this is one MIG instance of a GPU: engines see it as a GPU of its own, and no tensor parallelism spans instances. */
	migProfile?: string | null;
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
	/** How the kernel holds MoE expert weights when that differs from the checkpoint (rows padded, layouts swizzled). */
	expertLayout?: ExpertLayout;
	note: string;
	/** Public URLs (docs page, file at a commit, issue/PR), separated by "; ". */
	source: string;
}

/** Expert weights as a kernel holds them: dimensions rounded up, or a measured extra share of the expert bytes. */
export interface ExpertLayout {
	/** The expert intermediate (FFN) dimension is padded to a multiple of this. */
	intermediateMultiple?: number;
	/** The hidden dimension of the expert matrices is padded to a multiple of this. */
	hiddenMultiple?: number;
	/** Extra bytes as a share of the expert bytes (measured, when padding alone does not explain it). */
	extraShare?: number;
	note: string;
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
	/** Instruction sets of the GPUs given ("sm_90", "gfx950"), for checkpoints made for one of them. */
	isas: string[];
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
	/** KV heads each GPU stores: kv / TP, never below one (vLLM and SGLang replicate heads when TP exceeds them). */
	kvHeadsPerRank: number;
}

/** What the engine's memory terms may depend on besides the model: its version, the kernel in use, the GPU. */
export interface MemoryContext {
	/** The engine version the user runs (undefined: the newest behaviour known). */
	version: string | undefined;
	/** The support row in use (its kernel decides e.g. the MXFP4 MoE weight layout); null when unknown. */
	support: SupportRow | null;
	/** The first GPU of the plan, when planning on hardware (batch defaults and attention backends depend on it). */
	gpu: UsableGpu | null;
}

export interface KvCacheInput extends MemoryContext {
	model: ModelSpec;
	contextLength: number;
	concurrency: number;
	/** The dtype the engine stores (after `kvCacheDtype` mapped the request). */
	dtype: KvCacheDtype | undefined;
	knobs: EngineKnobs;
}

export interface OverheadInput extends MemoryContext {
	model: ModelSpec;
	knobs: EngineKnobs;
	tensorParallelSize: number;
	contextLength: number;
	concurrency: number;
	/** The KV layout for the whole request (compute buffers that scale with the cache read it). */
	kv: KvCacheDetail;
}

/** One named term of the overhead, per GPU. */
export interface OverheadPart {
	name: string;
	bytes: number;
}

export interface BudgetInput {
	gpu: UsableGpu;
	/** vLLM --gpu-memory-utilization when given (default: vLLM's own). */
	gpuMemoryUtilization: number | undefined;
	/** SGLang --mem-fraction-static when given (default: SGLang's own heuristic). */
	memFractionStatic: number | undefined;
	tensorParallelSize: number;
	version: string | undefined;
}

export interface WeightsInput extends MemoryContext {
	model: ModelSpec;
	format: FormatRow;
	/** Tensor-parallel ranks: kernels pad each rank's shard of the expert matrices. */
	tensorParallelSize: number;
	/** The checkpoint's bytes as the format rows count them. */
	weights: WeightBytes;
}

/** How the engine holds memory: its budget per GPU, weights as loaded, KV layout and overheads. */
export interface EngineMemoryModel {
	/** Memory the engine sees on a GPU (vLLM and SGLang: CUDA's total, a little below nvidia-smi's); default its total. */
	visibleBytes?(gpu: UsableGpu): number;
	/** Bytes of one GPU the engine plans with (a share of total memory, or what is free). */
	budget(input: BudgetInput): number;
	/** Weights as the engine holds them when that differs from the checkpoint's bytes; null when the same. */
	weightsAsLoaded?(input: WeightsInput): { weights: WeightBytes; describe(): string } | null;
	kvCache(input: KvCacheInput): KvCacheDetail;
	/** Per GPU, besides weights and KV: activations, CUDA graphs, non-torch memory, compute buffers. */
	overhead(input: OverheadInput): { bytes: number; parts: OverheadPart[]; describe(): string };
	/** Whether part of the model can stay in system RAM when it does not fit (llama.cpp --n-cpu-moe / -ngl). */
	cpuOffload: boolean;
	/** The engine's own start-up check, and the smallest change that makes a refused start succeed. */
	startup(input: StartupInput): StartupCheck;
	/** Tokens the KV cache holds and requests of the context that fit at once, from the KV bytes one GPU has. */
	capacity(input: CapacityInput): KvCapacity;
}

/** Settings a start-up depends on; a fix is one of them changed. */
export interface StartupSettings {
	contextLength: number;
	concurrency: number;
	gpuMemoryUtilization: number | undefined;
	memFractionStatic: number | undefined;
	/** The KV cache type requested (each engine maps it). */
	kvCacheDtype: KvCacheDtype | undefined;
	knobs: EngineKnobs;
	/** GPUs the plan uses (tensor parallelism or a layer split over them). */
	gpuCount: number;
	/** llama.cpp --n-cpu-moe: MoE expert layers kept in system RAM. */
	cpuMoeLayers: number;
}

/** Memory of the tightest GPU of a plan, as the engine accounts it. */
export interface GpuAccount {
	gpu: UsableGpu;
	/** Memory the engine sees on the GPU (vLLM: CUDA's total, a little below nvidia-smi's). */
	visibleBytes: number;
	/** What the engine plans with on it (vLLM: visible x gpu_memory_utilization). */
	budgetBytes: number;
	weightsBytes: number;
	overheadBytes: number;
	overheadParts: OverheadPart[];
	/** Budget left for the KV cache (vLLM's "Available KV cache memory"); negative when the rest does not fit. */
	kvAvailableBytes: number;
	/** KV for the requested context x concurrency on this GPU. */
	kvNeededBytes: number;
	/** KV for one request of the context on this GPU. */
	kvRequestBytes: number;
	/** Bytes kept in system RAM (experts of --n-cpu-moe layers). */
	hostBytes: number;
}

export interface StartupInput {
	model: ModelSpec;
	option: PlanOption;
	settings: StartupSettings;
	/** GPUs given for the plan (a fix may use more of them). */
	gpus: UsableGpu[];
	version: string | undefined;
	/** The advisor's accounting of the tightest GPU, for these or changed settings. */
	account(settings: StartupSettings): GpuAccount;
}

/** A setting a start-up fix changes. */
export type FixSetting =
	| 'maxModelLen'
	| 'contextLength'
	| 'gpuMemoryUtilization'
	| 'maxNumSeqs'
	| 'maxNumBatchedTokens'
	| 'kvCacheDtype'
	| 'tensorParallelSize'
	| 'enforceEager'
	| 'cpuMoeLayers'
	| 'memFractionStatic'
	| 'flashAttention'
	| 'ubatch';

/** A change that makes a refused start succeed, as the engine's options with their exact values. */
export interface StartupFix {
	/** The options to pass, e.g. "--max-model-len 98304" or "--gpu-memory-utilization 0.95 --max-model-len 55296". */
	change: string;
	/** The same as settings, e.g. { maxModelLen: 98304 }. */
	settings: Partial<Record<FixSetting, number | string | boolean>>;
	/** What the change costs, in a sentence. */
	effect: string;
}

export type StartupVerdict = 'starts' | 'fails';

export interface StartupCheck {
	verdict: StartupVerdict;
	/** The engine's check that decided ("vllm:kv-for-max-model-len", "llama.cpp:buffer-allocation"...). */
	check: string;
	/** Why, in the engine's own words when it refuses. */
	message: string;
	/** Every change found that makes a refused start succeed, least disruptive first (searched on demand: it re-plans). */
	fixes(): StartupFix[];
	warnings: string[];
}

export interface CapacityInput {
	model: ModelSpec;
	contextLength: number;
	dtype: KvCacheDtype | undefined;
	knobs: EngineKnobs;
	gpu: UsableGpu | null;
	version: string | undefined;
	/** KV bytes one GPU gives the cache (vLLM's available KV memory, SGLang's pool, llama.cpp's KV buffer). */
	availableBytes: number;
	/** Sequences the engine was started for (llama.cpp -np: its KV holds exactly that many). */
	concurrency: number;
}

export interface KvCapacity {
	/** Tokens the KV cache holds (vLLM "GPU KV cache size: N tokens", SGLang "#tokens"). */
	tokens: number;
	/** Requests of the context length served at once (vLLM "Maximum concurrency for N tokens per request: X"). */
	maxConcurrency: number;
}

/**
 * Decode-speed calibration of one engine: a roofline step time = bytes read / (efficiency x bandwidth) + a fixed
 * time per decoder layer + a time per sequence in the batch, fitted on the published decode figures of the log corpus.
 */
export interface SpeedCalibration {
	vendor?: Vendor;
	/** Only for unified-memory devices (true) or only discrete ones (false). */
	unifiedMemory?: boolean;
	minVersion?: string;
	maxVersion?: string;
	/** Share of the catalog memory bandwidth the decode step reaches. */
	efficiency: number;
	/** Fixed time per decode step and decoder layer (kernel launches, synchronisation), milliseconds. */
	msPerLayer: number;
	/** Extra time per step for each sequence in the batch (scheduling, sampling), milliseconds. */
	msPerSequence: number;
	/** Corpus cases (test/fixtures/engine-logs ids) the constants were fitted on. */
	fittedOn: string[];
	note: string;
}

/** How a plan spreads over several GPUs. */
export interface Parallelism {
	/** GPU counts worth trying, fewest first. */
	gpuCounts(model: ModelSpec, available: number): number[];
	/** Ranks the memory estimate divides weights and KV by (tensor parallelism), 1 for a layer split. */
	ranks(count: number): number;
	/** The share of the weights and KV cache each GPU holds (every GPU also has its own overhead). */
	shares(perGpuAvailable: number[]): number[];
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
	/** Scheduler and batch settings the user gave (written to the command only when given). */
	knobs: EngineKnobs;
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
	/** Decode-speed calibration rows, first match wins (lib/advisor/speed.ts applies them). */
	speed: readonly SpeedCalibration[];
	parallelism: Parallelism;
	args(input: ArgsInput): EngineArgs;
	/** Engine-specific sentences for a planned candidate. */
	notes(input: NotesInput): { reasons: string[]; warnings: string[] };
}
