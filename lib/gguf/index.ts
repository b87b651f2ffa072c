export { inspectGguf, type InspectGgufOptions } from './inspect';
export { GGML_TYPES, ggmlTypeInfo, tensorBytes, type GgmlTypeInfo } from './ggmlTypes';
export type { GgufInspection, GgufKeyMetadata, GgufTensorTypeShare } from './types';
