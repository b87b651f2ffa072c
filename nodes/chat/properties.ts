/**
 * Options both chat-model sub-nodes show, and their reader. Sampling, timeout and retries are the Generate nodes' own
 * fields (nodes/common/descriptions.ts); tool choice, reasoning and `<think>` handling belong to chat models.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { ChatRequestOptions, ToolChoiceSetting } from '../../lib/chat';
import { readRequestOptions, readSamplingOptions, samplingOptionFields, timeoutAndRetryFields } from '../common/descriptions';

export const toolChoiceField: INodeProperties = {
	displayName: 'Tool Choice',
	name: 'toolChoice',
	type: 'options',
	options: [
		{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool (vLLM: needs --enable-auto-tool-choice and --tool-call-parser)' },
		{ name: 'Required on First Round', value: 'required-first', description: 'The model must call a tool before its first answer to each message, then decides; helps small models that skip tools' },
		{ name: 'Required', value: 'required', description: 'Every answer is a tool call (the agent stops only at its iteration limit)' },
		{ name: 'None', value: 'none', description: 'The model answers without calling tools' },
	],
	default: 'auto',
	description: 'How tools are offered when the model is connected to an agent with tools. The agent\'s "Force Tool Call on First Iteration" option, when on, overrides this for the first round.',
};

export const reasoningEffortField: INodeProperties = {
	displayName: 'Reasoning Effort',
	name: 'reasoningEffort',
	type: 'options',
	options: [
		{ name: 'Server Default', value: '' },
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
		{ name: 'High', value: 'high' },
	],
	default: '',
	description: 'For reasoning models such as gpt-oss, sent as reasoning_effort. The reasoning never becomes part of the answer.',
};

export const thinkTagsField: INodeProperties = {
	displayName: 'Separate Think Tags',
	name: 'splitThinkTags',
	type: 'boolean',
	default: true,
	description: 'Whether to take a &lt;think&gt;…&lt;/think&gt; block that opens the answer out of the text, as reasoning (for servers run without a reasoning parser)',
};

export function chatOptionFields(extra: INodeProperties[] = []): INodeProperties[] {
	return [...samplingOptionFields, reasoningEffortField, toolChoiceField, thinkTagsField, ...timeoutAndRetryFields, ...extra].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}

export function readChatOptions(options: IDataObject): ChatRequestOptions {
	const request = readRequestOptions(options, 1);
	const effort = options.reasoningEffort;
	return {
		sampling: readSamplingOptions(options),
		reasoningEffort: effort === 'low' || effort === 'medium' || effort === 'high' ? effort : undefined,
		toolChoice: (options.toolChoice as ToolChoiceSetting | undefined) ?? 'auto',
		splitThinkTags: options.splitThinkTags !== false,
		timeoutMs: request.timeoutMs,
		retries: request.retries,
	};
}
