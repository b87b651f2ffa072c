export { VllmClient, type VllmClientConfig } from './client';
export { checkAdapterPath, parseAllowedAdapterPaths, type AdapterPathRules, type AdapterPathKind } from './adapterPaths';
export {
	VLLM_STRUCTURED_OUTPUT_FIELDS,
	chooseStructuredOutputField,
	structuredOutputBody,
	type ServerIdentity,
	type StructuredOutputField,
	type StructuredOutputMode,
} from './structuredOutput';
export { SingleFlight } from './singleFlight';
export { RUNTIME_LORA_FLAGS } from './errors';
export type * from './types';
