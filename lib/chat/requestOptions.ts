import type { SamplingOptions } from '../clients/openaiCompatible';
import type { ReasoningEffort } from './requestBody';
import type { ToolChoiceSetting } from './toolChoice';

/** What a chat model asks of its server, the same for every engine: the sub-nodes' Options collection. */
export interface ChatRequestOptions {
	sampling: SamplingOptions;
	reasoningEffort?: ReasoningEffort;
	toolChoice: ToolChoiceSetting;
	splitThinkTags: boolean;
	timeoutMs: number;
	retries: number;
}
