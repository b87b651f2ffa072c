/** What the vLLM client returns. Field names are the node's output names. */
import type { ChatMessage, ContextDocument, SamplingOptions, Usage } from '../openaiCompatible';
import type { StructuredOutputField, StructuredOutputMode } from './structuredOutput';

export interface VllmBaseModel {
	id: string;
	/** The checkpoint path or repo id the server loaded. */
	root: string | null;
	maxModelLen: number | null;
	ownedBy: string | null;
}

export interface VllmAdapter {
	id: string;
	/** The base model the adapter applies to. */
	parent: string | null;
	/** Local path on the vLLM host or Hugging Face repo id (the model card's `root`). */
	path: string | null;
}

export interface VllmModelListing {
	baseModels: VllmBaseModel[];
	adapters: VllmAdapter[];
}

export type AdapterEnsureStatus = 'present' | 'loaded' | 'already-loaded';

export interface AdapterOperationResult {
	adapter: string;
	path: string | null;
	status: 'loaded' | 'already-loaded' | 'replaced' | 'unloaded';
	/** The server's plain-text answer. */
	serverMessage: string;
}

export type GenerationMode = 'chat' | 'completion';

export interface VllmGenerateRequest {
	/** A base model or an adapter name (vLLM selects adapters through `model`). */
	model: string;
	mode: GenerationMode;
	prompt?: string;
	messages?: ChatMessage[];
	systemPrompt?: string;
	contextDocuments?: ContextDocument[];
	contextTemplate?: string;
	sampling?: SamplingOptions;
	/** When set and `model` is not loaded, it is loaded from this path first. */
	adapterPath?: string;
	jsonSchema?: Record<string, unknown>;
	structuredOutputMode?: StructuredOutputMode;
	reasoningEffort?: 'low' | 'medium' | 'high';
	/** Merged last into the body: it can set any field the server reads. */
	extraBody?: Record<string, unknown>;
	includeRaw?: boolean;
	signal?: AbortSignal;
	timeoutMs?: number;
}

export interface VllmGeneration {
	text: string;
	reasoning: string | null;
	finishReason: string | null;
	model: string | null;
	/** The adapter used, or null for a base model. */
	adapter: string | null;
	/** The adapter's base model when an adapter was used. */
	baseModel: string | null;
	adapterLoad: AdapterEnsureStatus | null;
	usage: Usage;
	latencyMs: number;
	tokensPerSecond: number | null;
	structuredOutput?: unknown;
	structuredOutputField?: StructuredOutputField;
	raw?: unknown;
}
