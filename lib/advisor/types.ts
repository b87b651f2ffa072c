/** Advisor inputs and the detail the advisor adds on top of the shared shapes in lib/types.ts. */
import type { CheckpointKind, Engine, EngineChoice, GpuInfo, MemoryEstimate, PickResult } from '../types';
import type { GgufInspection } from '../gguf/types';
import type { ModelInput } from '../models/load';

/** vLLM: auto | fp8 | fp8_e4m3 | fp8_e5m2 | bfloat16; llama.cpp: f16 | q8_0 | q4_0. */
export type KvCacheDtype = 'auto' | 'f16' | 'bf16' | 'fp8' | 'fp8_e4m3' | 'fp8_e5m2' | 'q8_0' | 'q4_0';

export interface EngineKnobs {
	/** vLLM --max-num-batched-tokens (default: vLLM's own, by GPU memory). */
	maxNumBatchedTokens?: number;
	/** vLLM --max-num-seqs (default: vLLM's own, by GPU memory). */
	maxNumSeqs?: number;
	/** llama.cpp -ub (default 512). */
	ubatch?: number;
	/** vLLM --tensor-parallel-size; weights and KV are divided by it per GPU. */
	tensorParallelSize?: number;
}

export interface EstimateMemoryInput extends EngineKnobs {
	model: ModelInput;
	/** A format id: MXFP4, NVFP4, FP8, INT8, AWQ, GPTQ, BF16, FP16, or a GGUF type such as Q4_K_M. */
	format: string;
	/** Defaults to 'gguf' for llama.cpp / LM Studio, 'safetensors' for vLLM. */
	checkpoint?: CheckpointKind;
	engine: Engine;
	contextLength: number;
	/** Sequences served at once, each with the full context (default 1). */
	concurrency?: number;
	kvCacheDtype?: KvCacheDtype;
	/** A GGUF header read by inspectGguf: weight bytes are then exact. */
	gguf?: GgufInspection;
}

export interface KvCacheDetail {
	fullAttentionLayers: number;
	slidingLayers: number;
	/** Cells (token slots) per full-attention layer, all sequences together. */
	fullCells: number;
	/** Cells per sliding-window layer, all sequences together. */
	slidingCells: number;
	fullLayerBytes: number;
	slidingLayerBytes: number;
	bytesPerElement: number;
}

export interface MemoryEstimateDetail extends MemoryEstimate {
	/** Bytes of routed MoE expert weights (what --n-cpu-moe can move to system RAM). */
	expertWeightsBytes: number;
	kv: KvCacheDetail;
	/** Plain sentences on what each term assumes. */
	assumptions: string[];
}

export interface PickQuantFormatInput {
	/** GPU objects (Detect GPU output: at least name and memoryTotalMiB), or catalog names/ids. */
	gpus: Array<Partial<GpuInfo> | string>;
	model: ModelInput;
	engine?: EngineChoice;
	/** Tokens per sequence (default: vLLM the model's limit; llama.cpp / LM Studio 4096). */
	contextLength?: number;
	concurrency?: number;
	/** vLLM --gpu-memory-utilization (default 0.9). */
	gpuMemoryUtilization?: number;
	kvCacheDtype?: KvCacheDtype;
	/** Engine versions, when known: vLLM "0.17.0", llama.cpp build "b7536". Default: the newest behaviour known. */
	engineVersions?: { vllm?: string; llamaCpp?: string };
	/** A GGUF file (path or URL) to read; its real tensor types and byte count become a candidate. */
	ggufFile?: string;
	/** Keep only the best N candidates (default: all). */
	topN?: number;
	maxNumBatchedTokens?: number;
	maxNumSeqs?: number;
	ubatch?: number;
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
	model: { id: string; displayName: string; maxContextLength: number };
}
