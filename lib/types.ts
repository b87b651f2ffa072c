/**
 * Shared shapes of the library API. Plain TypeScript, no n8n imports: the nodes, the example
 * workflows and library users all see these field names.
 */
import type { EngineId } from './engines/registry';

export type Vendor = 'nvidia' | 'amd' | 'apple';

/** The vocabulary for number formats a GPU's matrix units execute natively. */
export type TensorFormat =
	| 'FP64'
	| 'TF32'
	| 'BF16'
	| 'FP16'
	| 'FP8'
	| 'FP6'
	| 'FP4'
	| 'MXFP4'
	| 'NVFP4'
	| 'INT8'
	| 'INT4';

export type GpuSource = 'nvidia-smi' | 'nvidia-smi-xml' | 'rocm-smi' | 'dcgm' | 'catalog';

export interface MigInstance {
	gpuInstanceId: number | null;
	computeInstanceId: number | null;
	profile: string | null;
	memoryTotalMiB: number | null;
}

export interface GpuInfo {
	index: number;
	name: string;
	vendor: Vendor;
	uuid: string | null;
	memoryTotalMiB: number | null;
	memoryUsedMiB: number | null;
	/** null when the driver does not say (e.g. unified memory, or a catalog entry). */
	memoryFreeMiB: number | null;
	/** NVIDIA compute capability such as "12.0"; null for AMD/Apple and unknown NVIDIA parts. */
	computeCapability: string | null;
	/** Where computeCapability came from: the driver, or the catalog by name. */
	computeCapabilitySource: 'driver' | 'catalog' | null;
	/** Instruction set: "sm_120", "gfx942", "apple-m3"... */
	isa: string | null;
	/** "Volta", "Turing", "Ampere", "Ada Lovelace", "Hopper", "Blackwell", "CDNA 3", "Apple M3"... or "Unknown". */
	architecture: string;
	nativeFormats: TensorFormat[];
	/** How the matrix units are driven: 'mma.sync' (12.x block-scaled FP4/FP6/FP8), 'wgmma' (Hopper), 'tcgen05.mma' (10.x/11.0), 'MFMA'... */
	mmaInstruction: string | null;
	/** Datacenter Blackwell (10.x/11.0) keeps MMA accumulators in Tensor Memory; 12.x does not. */
	tensorMemory: boolean;
	driverVersion: string | null;
	cudaVersion: string | null;
	unifiedMemory: boolean;
	/** From the catalog when the GPU is known there. */
	memoryBandwidthGBps: number | null;
	catalogId: string | null;
	pciBusId: string | null;
	utilizationPercent: number | null;
	temperatureC: number | null;
	powerDrawW: number | null;
	mig: { enabled: boolean; instances: MigInstance[] } | null;
	source: GpuSource;
}

/** An engine of the registry in lib/engines (vllm, llama.cpp, lmstudio, sglang, ollama). */
export type Engine = EngineId;
export type EngineChoice = Engine | 'any';

/** How the tensor cores meet the format. */
export type ExecutionPath = 'native' | 'weight-only' | 'int8-dot' | 'unsupported';

export type CheckpointKind = 'safetensors' | 'gguf';

export interface MemoryEstimate {
	weightsBytes: number;
	kvCacheBytes: number;
	overheadBytes: number;
	totalBytes: number;
	kvBytesPerToken: number;
}

/** One GPU as the engine accounts it at start-up (the tightest GPU of the plan). */
export interface GpuMemoryAccount {
	/** GPU index, or the MIG instance's profile when planning on one. */
	index: number;
	/** Memory the engine sees (vLLM and SGLang: CUDA's total, a little below nvidia-smi's). */
	visibleBytes: number;
	/** What the engine plans with (vLLM: visible x gpu_memory_utilization; SGLang: x mem_fraction_static; llama.cpp: free). */
	budgetBytes: number;
	weightsBytes: number;
	/** Activation peak, non-torch memory, CUDA graphs, compute buffers, by name. */
	overhead: Array<{ name: string; bytes: number }>;
	/** What is left for the KV cache (vLLM's "Available KV cache memory"); negative when the rest does not fit. */
	kvAvailableBytes: number;
}

export interface CandidateMemory {
	weightsBytes: number;
	kvCacheBytes: number;
	overheadBytes: number;
	totalBytes: number;
	availableBytes: number;
	/** With several GPUs: what each GPU holds and has. */
	perGpu?: Array<{ index: number; totalBytes: number; availableBytes: number }>;
	/** Bytes kept in system RAM (e.g. llama.cpp MoE experts offloaded to CPU). */
	hostBytes?: number;
	/** The tightest GPU, term by term, as the engine budgets it. */
	gpu: GpuMemoryAccount;
}

/** A change that makes a refused start succeed: the engine option with its exact value. */
export interface StartupFixInfo {
	/** e.g. "--max-model-len 98304", "--n-cpu-moe 12". */
	change: string;
	/** The settings it changes, e.g. { maxModelLen: 98304 }. */
	settings: Record<string, number | string | boolean>;
	effect: string;
}

/** Whether the engine starts with these settings, by its own start-up check. */
export interface StartupInfo {
	verdict: 'starts' | 'fails';
	/** The engine's check that decided, e.g. "vllm:kv-for-max-model-len". */
	check: string;
	/** The engine's own words when it refuses. */
	message: string;
	/** The least disruptive change that makes it start. */
	fix: StartupFixInfo | null;
	/** Every change found that makes it start, least disruptive first. */
	fixes: StartupFixInfo[];
}

/** How many requests of the context fit, as the engine counts it (vLLM: "Maximum concurrency for N tokens per request"). */
export interface ConcurrencyInfo {
	tokensPerRequest: number;
	requested: number;
	/** Requests of tokensPerRequest the KV cache holds at once (two decimals, as vLLM prints it). */
	maxConcurrency: number;
	/** Tokens the KV cache holds (vLLM "GPU KV cache size", SGLang "#tokens"). */
	kvCacheTokens: number;
	/** The largest context per request at the requested concurrency. */
	maxContextLength: number;
}

/** A roofline estimate of decode speed: not a measurement. */
export interface DecodeSpeedEstimate {
	/** Always true: these are estimates. */
	estimate: true;
	/** What was estimated, in a sentence. */
	basis: string;
	/** Tokens per second one request generates alone. */
	singleStreamTokensPerSecond: number;
	concurrency: number;
	/** Tokens per second each request gets when `concurrency` decode together. */
	perStreamTokensPerSecond: number;
	/** Tokens per second summed over the `concurrency` requests. */
	totalTokensPerSecond: number;
	/** Tokens already in each request's context when timed. */
	contextDepth: number;
	/** Bytes read per generated token by one request alone (active weights + its KV cache). */
	bytesPerToken: number;
	memoryBandwidthGBps: number;
	efficiency: number;
	/** Fixed time per decode step: per decoder layer x layers. */
	fixedMsPerStep: number;
}

export interface EngineArgs {
	/** A command line a user can paste, e.g. `vllm serve openai/gpt-oss-120b --tensor-parallel-size 2`. */
	command: string | null;
	/** The same as an argument vector. */
	args: string[];
	/** Engine load settings as key/value (llama.cpp / LM Studio load options, environment variables). */
	settings: Record<string, string | number | boolean>;
	env: Record<string, string>;
	/** Files the command reads, by name (an Ollama Modelfile). */
	files?: Record<string, string>;
	/** The same settings as per-request options (Ollama API `options`). */
	requestOptions?: Record<string, string | number | boolean>;
}

export interface Candidate {
	/** MXFP4, NVFP4, FP8, INT8, AWQ, GPTQ, BF16, FP16, or a GGUF type such as Q4_K_M, Q8_0. */
	format: string;
	engine: Engine;
	/** The engine's name for people ("vLLM", "LM Studio"). */
	engineLabel: string;
	checkpoint: CheckpointKind;
	execution: ExecutionPath;
	fits: boolean;
	gpuCount: number;
	tensorParallelSize: number | null;
	memory: CandidateMemory;
	maxContextLength: number;
	/** The engine's own start-up check reproduced, and the smallest change when it refuses. */
	startup: StartupInfo;
	concurrency: ConcurrencyInfo;
	/** Decode speed from a roofline (null when the bandwidth is unknown or part of the model runs from system RAM). */
	speed: DecodeSpeedEstimate | null;
	engineArgs: EngineArgs;
	reasons: string[];
	warnings: string[];
	/** Higher is better; candidates are sorted by it. */
	score: number;
}

export interface PickResult {
	recommended: Candidate | null;
	candidates: Candidate[];
	summary: string;
}
