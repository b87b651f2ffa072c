/**
 * The library API of n8n-nodes-overlay-agi: the same functions the n8n nodes call, usable
 * without n8n (`import { pickQuantFormat } from 'n8n-nodes-overlay-agi'`).
 */
export type * from './types';
export { OverlayError, isOverlayError, type OverlayErrorKind } from './errors';

// GPUs: detection, parsers, knowledge
export * from './gpu';
export * from './knowledge/index-gpu';

// Quantization advice: formats, engines, models, memory, picker
export * from './advisor';
export * from './advisorViews';
export * from './gguf';

// Where model files named by workflow input may be read from (Allowed Sources), and the Hugging Face Hub
export { ALLOWED_SOURCES_ENV, parseSourcePolicy, resolveSourcePolicy, type SourcePolicy } from './net/sourcePolicy';
export { NON_PUBLIC_RANGES } from './net/addressRanges';
export { HUGGING_FACE_HOSTS } from './net/hubHosts';
export type { HubOptions } from './models/hub/settings';

// Webhook bodies and error answers (the Webhook Request node)
export * from './request';

// Generation clients
export { HttpClient, type HttpClientConfig, type HttpRequest, type HttpResponse } from './clients/http';
export { parseServerError, type ServerError } from './clients/serverError';
export {
	DEFAULT_CONTEXT_TEMPLATE,
	buildMessages,
	normalizeContextDocuments,
	renderContext,
	type ChatMessage,
	type ContextDocument,
	type GenerationResult,
	type SamplingOptions,
	type Usage,
} from './clients/openaiCompatible';
export * from './clients/vllm';
export * from './clients/lmstudio';
