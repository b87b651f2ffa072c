/** Public advisor API: memory estimate and quant-format picker, plus the knowledge they draw on. */
export { estimateMemory, estimateMemoryDetailed } from './estimateMemory';
export { pickQuantFormat } from './pickQuantFormat';
export { scoreCandidate, SCORE_WEIGHTS } from './score';
export { supportFor, ccNumber, type SupportDecision } from './support';
export { kvBytesPerElement, kvBytesPerTokenPerLayer } from './kvCache';
export { VLLM_DEFAULT_GPU_MEMORY_UTILIZATION, LLAMA_CPP_DEFAULT_CONTEXT, vllmBatchDefaults } from './engineDefaults';
export type {
	EstimateMemoryInput,
	KvCacheDetail,
	KvCacheDtype,
	MemoryEstimateDetail,
	PickQuantFormatInput,
	PickResultDetail,
	RejectedOption,
} from './types';
export { FORMATS, GGUF_LADDER, findFormat, type FormatRow, type SupportFamily } from '../knowledge/formats';
export { ENGINE_SUPPORT, compareEngineVersions, type EngineSupportRow } from '../knowledge/engines';
export { MODELS, findModel } from '../knowledge/models';
export { loadModel, resolveModelSync, parseConfigJson, type ModelInput } from '../models/load';
export { modelFromConfig, formatFromQuantizationConfig } from '../models/fromConfig';
export { parameterGroups } from '../models/parameters';
export type { ModelSpec, MoeSpec, ParameterGroups, PublishedCheckpoint, LayerAttention } from '../models/types';
