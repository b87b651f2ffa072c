/**
 * Parameter descriptions the pack's model-server nodes share (the Generate nodes, and the chat model
 * sub-nodes), and the readers that turn them into library options. One name per concept: the same
 * option is called the same in every node.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_CONTEXT_TEMPLATE, normalizeContextDocuments, type ContextDocument, type SamplingOptions } from '../../lib/clients/openaiCompatible';
import { inputError } from '../../lib/errors';
import { optionOnce } from './itemParameters';

/** n8n's lint wants a collection's options in alphabetical order of their labels. */
export function sortedByDisplayName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A model picker: the server's list, or a name typed or taken from an expression. */
export function modelLocator(options: { displayName?: string; description: string; searchListMethod: string; placeholder: string }): INodeProperties {
	return {
		displayName: options.displayName ?? 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: options.searchListMethod, searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: options.placeholder },
		],
	};
}

export const samplingOptionFields: INodeProperties[] = [
	{ displayName: 'Frequency Penalty', name: 'frequencyPenalty', type: 'number', typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 }, default: 0, description: 'Penalises tokens by how often they already appeared' },
	{ displayName: 'Max Tokens', name: 'maxTokens', type: 'number', typeOptions: { minValue: 1 }, default: 1024, description: 'Largest number of tokens to generate' },
	{ displayName: 'Min P', name: 'minP', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0, description: 'Drops tokens whose probability is below this share of the most likely token' },
	{ displayName: 'Presence Penalty', name: 'presencePenalty', type: 'number', typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 }, default: 0, description: 'Penalises tokens that already appeared at all' },
	{ displayName: 'Repetition Penalty', name: 'repetitionPenalty', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 1, description: 'Multiplicative penalty on repeated tokens; 1 = off' },
	{ displayName: 'Seed', name: 'seed', type: 'number', default: 0, description: 'Random seed for reproducible sampling; leave the option out for a random one' },
	{ displayName: 'Stop Sequences', name: 'stop', type: 'string', default: '', description: 'Comma-separated strings that end generation' },
	{ displayName: 'Temperature', name: 'temperature', type: 'number', typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 }, default: 0.7, description: 'Randomness: 0 is greedy' },
	{ displayName: 'Top K', name: 'topK', type: 'number', typeOptions: { minValue: -1 }, default: -1, description: 'Sample among the K most likely tokens; -1 or 0 = all' },
	{ displayName: 'Top P', name: 'topP', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 1, description: 'Nucleus sampling: keep the most likely tokens whose probabilities add up to P' },
];

export const systemPromptField: INodeProperties = {
	displayName: 'System Prompt',
	name: 'systemPrompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	placeholder: 'e.g. You are a concise assistant.',
	description: 'Instructions that come before the prompt',
};

export const reasoningEffortField: INodeProperties = {
	displayName: 'Reasoning Effort',
	name: 'reasoningEffort',
	type: 'options',
	options: [
		{ name: 'Server Default', value: '', description: 'Send nothing: the server and model defaults apply' },
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
		{ name: 'High', value: 'high' },
	],
	default: '',
	description: 'For reasoning models such as gpt-oss, sent as reasoning_effort (chat only)',
};

export const jsonSchemaField: INodeProperties = {
	displayName: 'JSON Schema (Structured Output)',
	name: 'jsonSchema',
	type: 'json',
	default: '',
	placeholder: '{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}',
	description: 'Constrain the answer to this JSON schema; the parsed answer comes out as "structuredOutput"',
};

export const messagesField: INodeProperties = {
	displayName: 'Messages (JSON)',
	name: 'messages',
	type: 'json',
	default: '',
	placeholder: '[{"role":"user","content":"Hello"}]',
	description: 'A whole conversation, sent instead of the prompt (chat only). Roles: system, user, assistant, tool.',
	displayOptions: { show: { '/promptSource': ['define'] } },
};

export const includeRawField: INodeProperties = {
	displayName: 'Include Raw Response',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: 'Whether to add the server\'s whole answer as "raw"',
};

export const contextDocumentFields: INodeProperties[] = [
	{
		displayName: 'Context Documents',
		name: 'contextDocuments',
		type: 'json',
		default: '',
		placeholder: 'e.g. {{ $json.documents }}',
		description:
			'Retrieved text to answer from, for example the documents of a vector store node: a string, a list of strings, or documents with pageContent or text. Inserted into the system message with the template below.',
	},
	{
		displayName: 'Context Template',
		name: 'contextTemplate',
		type: 'string',
		typeOptions: { rows: 3 },
		default: DEFAULT_CONTEXT_TEMPLATE,
		description: 'How the documents are introduced to the model; {{documents}} becomes the numbered documents',
	},
];

/** For operations that send one request per item in order: no concurrency to choose. */
export const timeoutAndRetryFields: INodeProperties[] = [
	{ displayName: 'Retries', name: 'retries', type: 'number', typeOptions: { minValue: 0, maxValue: 10 }, default: 2, description: 'Extra attempts on connection errors, 429 and 502/503/504 (with backoff, honouring Retry-After). Read once per execution.' },
	{ displayName: 'Timeout (Seconds)', name: 'timeoutSeconds', type: 'number', typeOptions: { minValue: 0 }, default: 600, description: 'Per request; 0 = no limit. Generations with big models, and model loads, can take minutes. Read once per execution.' },
];

export const concurrencyField = (defaultConcurrency: number): INodeProperties => ({
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 256 },
	default: defaultConcurrency,
	description:
		'Items sent at once; output order always follows the input. A server that batches concurrent requests (vLLM; LM Studio 0.4 with parallel slots) answers more per second with more than 1. Read once per execution.',
});

export const requestOptionFields = (defaultConcurrency: number): INodeProperties[] => [concurrencyField(defaultConcurrency), ...timeoutAndRetryFields];

/** An operation's Options: its own fields plus timeout and retries, in the order n8n's lint wants. */
export function optionsCollection(fields: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: sortedByDisplayName(fields) };
}

function numberOrUndefined(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).filter((entry) => entry.length > 0);
	if (typeof value !== 'string') return [];
	return value
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

export function readString(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Only the options the user added are sent, so the server's (and the model's generation_config) defaults apply otherwise. */
export function readSamplingOptions(options: IDataObject): SamplingOptions {
	const stop = splitList(options.stop);
	return {
		temperature: numberOrUndefined(options.temperature),
		topP: numberOrUndefined(options.topP),
		topK: numberOrUndefined(options.topK),
		minP: numberOrUndefined(options.minP),
		maxTokens: numberOrUndefined(options.maxTokens),
		seed: numberOrUndefined(options.seed),
		stop: stop.length > 0 ? stop : undefined,
		presencePenalty: numberOrUndefined(options.presencePenalty),
		frequencyPenalty: numberOrUndefined(options.frequencyPenalty),
		repetitionPenalty: numberOrUndefined(options.repetitionPenalty),
	};
}

export interface RequestOptions {
	timeoutMs: number;
	retries: number;
	concurrency: number;
}

export function readRequestOptions(options: IDataObject, defaultConcurrency: number): RequestOptions {
	const timeoutSeconds = numberOrUndefined(options.timeoutSeconds) ?? 600;
	if (timeoutSeconds < 0) throw inputError('Timeout must be 0 (no limit) or more seconds.');
	return {
		timeoutMs: Math.round(timeoutSeconds * 1000),
		retries: Math.max(0, Math.floor(numberOrUndefined(options.retries) ?? 2)),
		concurrency: Math.max(1, Math.floor(numberOrUndefined(options.concurrency) ?? defaultConcurrency)),
	};
}

/** Concurrency, timeout and retries hold for the whole execution: read once, from the first item. */
export function readRequestOptionsOnce(ctx: IExecuteFunctions, defaultConcurrency: number): RequestOptions {
	return readRequestOptions(
		{
			timeoutSeconds: optionOnce(ctx, 'timeoutSeconds') as number,
			retries: optionOnce(ctx, 'retries') as number,
			concurrency: optionOnce(ctx, 'concurrency') as number,
		},
		defaultConcurrency,
	);
}

/** Context documents arrive as an array or object from an expression, as JSON text, or as plain text. */
export function readContextDocuments(value: unknown): ContextDocument[] {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed === '') return [];
		if (!/^[[{"]/.test(trimmed)) return normalizeContextDocuments(trimmed);
	}
	return normalizeContextDocuments(readJsonParameter(value, 'Context Documents'));
}

/** A JSON parameter arrives as an object, or as text when typed by hand; empty means none. */
export function readJsonParameter(value: unknown, what: string): unknown {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw inputError(`${what} is not valid JSON (${(error as Error).message}).`, `Fix the JSON in "${what}", or clear it.`);
	}
}

export function readJsonObject(value: unknown, what: string): Record<string, unknown> | undefined {
	const parsed = readJsonParameter(value, what);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(`${what} must be a JSON object.`, `Write "${what}" as { ... }, or clear it.`);
	}
	return parsed as Record<string, unknown>;
}
