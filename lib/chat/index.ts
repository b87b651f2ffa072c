export { ChatEngine, newToolCallId, type ChatAnswerWithTiming, type ChatCall, type ChatEngineConfig } from './chatEngine';
export { createVllmChatEngine, type VllmChatOptions } from './vllm';
export { createLmStudioChatEngine, type LmStudioChatOptions } from './lmstudio';
export { toGenerateResult } from './result';
export { isFirstToolRound, resolveToolChoice, type ToolChoiceSetting, type WireToolChoice } from './toolChoice';
export type { ReasoningEffort } from './requestBody';
export type { ChatRequestOptions } from './requestOptions';
export type * from './types';
