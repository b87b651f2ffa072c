/** Advisor inputs and the detail the advisor adds on top of the shared shapes in lib/types.ts. */
import type { CheckpointKind, Engine, EngineChoice, GpuInfo, MemoryEstimate, PickResult } from '../types';
import type { EngineKnobs, EngineVersions, KvCacheDetail, KvCacheDtype, OverheadPart } from '../engines/types';
import type { GgufInspection } from '../gguf/types';
import type { ModelInput } from '../models/load';
import type { HubOptions } from '../models/hub/settings';
import type { CheckpointTensors } from '../models/types';
import type { SourcePolicy } from '../net/sourcePolicy';

export type { EngineKnobs, EngineVersions, KvCacheDetail, KvCacheDtype } from '../engines/types';

export interface EstimateMemoryInput extends EngineKnobs {
	model: ModelInput;
	/** A format id: MXFP4, NVFP4, FP8, INT8, AWQ, GPTQ, BF16, FP16, or a GGUF type such as Q4_K_M. */
	format: string;
	/** Defaults to the checkpoint kind the engine loads ('safetensors' for vLLM / SGLang, 'gguf' for the others). */
	checkpoint?: CheckpointKind;
	engine: Engine;
	contextLength: number;
	/** Sequences served at once, each with the full context (default 1). */
	concurrency?: number;
	/** Requested KV cache type; each engine maps it to what it has (llama.cpp: fp8 -> q8_0). */
	kvCacheDtype?: KvCacheDtype;
	/** A GGUF header read by inspectGguf: weight bytes are then exact. */
	gguf?: GgufInspection;
	/** The GPU (catalog name or Detect GPU object): batch defaults, CUDA's visible memory and the MoE kernel's weight layout depend on it. */
	gpu?: string | Partial<GpuInfo>;
	/** The engine's version (vLLM "0.11.2", llama.cpp "b6918"): accounting that changed between releases follows it. */
	engineVersion?: string;
}

export interface MemoryEstimateDetail extends MemoryEstimate {
	/** Bytes of routed MoE expert weights (what --n-cpu-moe can move to system RAM). */
	expertWeightsBytes: number;
	/** Token-embedding bytes held on the GPU (a lookup table: not read in full per token). */
	embeddingBytes: number;
	/** The overhead terms of one GPU (activation peak, non-torch memory, CUDA graphs, compute buffer...). */
	overheadParts: OverheadPart[];
	kv: KvCacheDetail;
	/** Plain sentences on what each term assumes. */
	assumptions: string[];
}

export interface PickQuantFormatInput {
	/** GPU objects (Detect GPU output: at least name and memoryTotalMiB), or catalog names/ids. */
	gpus: Array<Partial<GpuInfo> | string>;
	model: ModelInput;
	engine?: EngineChoice;
	/** Tokens per sequence (default: each engine's own; vLLM / SGLang the model's limit, llama.cpp / LM Studio 4096, Ollama by VRAM). */
	contextLength?: number;
	concurrency?: number;
	/** vLLM --gpu-memory-utilization (default 0.9). */
	gpuMemoryUtilization?: number;
	/** SGLang --mem-fraction-static (default: SGLang's heuristic by GPU memory and TP). */
	memFractionStatic?: number;
	kvCacheDtype?: KvCacheDtype;
	/** Engine versions, when known: { vllm: "0.17.0", "llama.cpp": "b7536", sglang: "0.5.17", ollama: "0.30.0" }. Default: the newest behaviour known. */
	engineVersions?: EngineVersions;
	/** A GGUF file (path or URL) to read; its real tensor types and byte count become a candidate. */
	ggufFile?: string;
	/** Where a GGUF file, a config.json or a Hub model may be read from (Allowed Sources); default: OVERLAY_ALLOWED_SOURCES, else the Hugging Face Hub only. */
	sources?: string | SourcePolicy;
	/** Hub endpoint, token and revision for models given by id (default HF_ENDPOINT, HF_TOKEN, main). */
	hub?: HubOptions;
	/** Cancels reading a model or GGUF file. */
	signal?: AbortSignal;
	/** Keep only the best N candidates (default: all). */
	topN?: number;
	/** vLLM --max-num-batched-tokens (default: vLLM's own by GPU memory). */
	maxNumBatchedTokens?: number;
	/** vLLM --max-num-seqs (default: vLLM's own by GPU memory). */
	maxNumSeqs?: number;
	/** llama.cpp -ub (default 512). */
	ubatch?: number;
	/** vLLM --enforce-eager: CUDA graphs off (no graph memory, slower decode). */
	enforceEager?: boolean;
}

export interface RejectedOption {
	engine: Engine;
	format: string;
	checkpoint: CheckpointKind;
	reason: string;
}

export interface PickResultDetail extends PickResult {
	/** Engine/format pairs left out because the engine has no path on these GPUs. */
	rejected: RejectedOption[];
	model: { id: string; displayName: string; maxContextLength: number; checkpointTensors?: CheckpointTensors };
}
