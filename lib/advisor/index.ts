/** Public advisor API: memory estimate and quant-format picker, plus the knowledge they draw on. */
export { estimateMemory, estimateMemoryDetailed } from './estimateMemory';
export { pickQuantFormat } from './pickQuantFormat';
export { whatFits, type WhatFitsInput, type WhatFitsEntry, type WhatFitsResult, type WhatFitsTier } from './whatFits';
export { scoreCandidate, SCORE_WEIGHTS } from './score';
export { supportFor, ccNumber, type SupportDecision } from './support';
export type {
	EngineVersions,
	EstimateMemoryInput,
	KvCacheDetail,
	KvCacheDtype,
	MemoryEstimateDetail,
	PickQuantFormatInput,
	PickResultDetail,
	RejectedOption,
} from './types';
export {
	ENGINES,
	ENGINE_IDS,
	ENGINE_SUPPORT,
	LLAMA_CPP_DEFAULT_CONTEXT,
	VLLM_DEFAULT_GPU_MEMORY_UTILIZATION,
	compareEngineVersions,
	engineProfile,
	kvBytesPerElement,
	kvBytesPerTokenPerLayer,
	ollamaDefaultContext,
	sglangGpuDefaults,
	vllmBatchDefaults,
	type EngineId,
	type EngineProfile,
	type EngineSupportRow,
	type SupportRow,
} from '../engines';
export { FORMATS, GGUF_LADDER, findFormat, type FormatRow, type SupportFamily } from '../knowledge/formats';
export { MODELS, findModel } from '../knowledge/models';
export { loadModel, resolveModelSync, parseConfigJson, type LoadModelOptions, type ModelInput } from '../models/load';
export { modelFromConfig, formatFromQuantizationConfig } from '../models/fromConfig';
export { parameterGroups } from '../models/parameters';
export type { ModelSpec, MoeSpec, ParameterGroups, PublishedCheckpoint, LayerAttention } from '../models/types';
