/** What the LM Studio client returns: one shape whichever of LM Studio's APIs answered. */

/** Which REST APIs a server has: /api/v1 (0.4.0+), /api/v0 (0.3.6+); /v1 is always assumed. */
export interface LmStudioApis {
	restV1: boolean;
	restV0: boolean;
}

export type ModelListSource = '/api/v1/models' | '/api/v0/models' | '/v1/models';
export type ChatEndpoint = '/api/v0/chat/completions' | '/v1/chat/completions';

export interface LmStudioModel {
	/** The identifier to send as `model`. */
	key: string;
	displayName: string | null;
	/** 'llm', 'vlm', 'embedding' (v0's 'embeddings' is folded into 'embedding'); null when unknown. */
	type: string | null;
	publisher: string | null;
	architecture: string | null;
	quantization: string | null;
	bitsPerWeight: number | null;
	format: 'gguf' | 'mlx' | null;
	/** 'unknown' when the server only has the bare OpenAI list. */
	state: 'loaded' | 'not-loaded' | 'unknown';
	maxContextLength: number | null;
	/** Context length of the first loaded instance. */
	loadedContextLength: number | null;
	loadedInstances: Array<{ id: string; contextLength: number | null; parallel: number | null }>;
	sizeBytes: number | null;
	paramsString: string | null;
	vision: boolean | null;
	toolUse: boolean | null;
	/** From /api/v1/models on 0.4.8+; null when the server does not say. */
	reasoning: { allowedOptions: string[]; default: string | null } | null;
	source: ModelListSource;
}

export interface LmStudioUsage {
	promptTokens: number | null;
	completionTokens: number | null;
	totalTokens: number | null;
}

export interface LmStudioStats {
	tokensPerSecond: number | null;
	timeToFirstTokenSec: number | null;
	generationTimeSec: number | null;
	/** LM Studio's stop reason: eosFound, stopStringFound, maxPredictedTokensReached, ... */
	stopReason: string | null;
}

export interface LmStudioModelInfo {
	architecture: string | null;
	quantization: string | null;
	format: string | null;
	contextLength: number | null;
}

export interface LmStudioRuntime {
	name: string | null;
	version: string | null;
	supportedFormats: string[];
}

export interface LmStudioGeneration {
	text: string;
	reasoning: string | null;
	finishReason: string | null;
	model: string | null;
	usage: LmStudioUsage | null;
	/** LM Studio's own statistics; null when only /v1/chat/completions answered. */
	stats: LmStudioStats | null;
	modelInfo: LmStudioModelInfo | null;
	runtime: LmStudioRuntime | null;
	latencyMs: number;
	endpoint: ChatEndpoint;
	/** The parsed answer when structured output was asked for; null if it did not parse. */
	json?: unknown;
	warnings: string[];
	raw?: unknown;
}

export interface LoadModelResult {
	model: string;
	instanceId: string;
	loadTimeSec: number | null;
	status: string | null;
	loadConfig: Record<string, unknown> | null;
}

export interface UnloadModelResult {
	model: string;
	unloadedInstanceIds: string[];
	/** false when nothing of that name was loaded (nothing to do). */
	wasLoaded: boolean;
}
