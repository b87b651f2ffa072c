export { LmStudioClient, LMSTUDIO_DEFAULT_BASE_URL, type LmStudioClientConfig, type LoadModelInput, type ModelList } from './client';
export { detectLmStudioApis, forgetLmStudioApis } from './capabilities';
export { REASONING_EFFORTS, buildChatBody, readGeneration, toJsonSchemaFormat, type LmStudioGenerateInput, type ReasoningEffort } from './generateBody';
export { fromOpenAi, fromV0, fromV1, sortModels } from './models';
export type * from './types';
