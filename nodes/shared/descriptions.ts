/** Parameter descriptions both Generate nodes share, and the readers that turn them into library options. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DEFAULT_CONTEXT_TEMPLATE, normalizeContextDocuments, type ContextDocument, type SamplingOptions } from '../../lib/clients/openaiCompatible';
import { inputError } from '../../lib/errors';

export const samplingOptionFields: INodeProperties[] = [
	{ displayName: 'Frequency Penalty', name: 'frequencyPenalty', type: 'number', typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 }, default: 0, description: 'Penalises tokens by how often they already appeared' },
	{ displayName: 'Max Tokens', name: 'maxTokens', type: 'number', typeOptions: { minValue: 1 }, default: 1024, description: 'Largest number of tokens to generate' },
	{ displayName: 'Min P', name: 'minP', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0, description: 'Drops tokens whose probability is below this share of the most likely token' },
	{ displayName: 'Presence Penalty', name: 'presencePenalty', type: 'number', typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 }, default: 0, description: 'Penalises tokens that already appeared at all' },
	{ displayName: 'Repetition Penalty', name: 'repetitionPenalty', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 1, description: 'Multiplicative penalty on repeated tokens; 1 = off' },
	{ displayName: 'Seed', name: 'seed', type: 'number', default: 0, description: 'Random seed for reproducible sampling; leave unset for random' },
	{ displayName: 'Stop Sequences', name: 'stop', type: 'string', default: '', description: 'Comma-separated strings that end generation' },
	{ displayName: 'Temperature', name: 'temperature', type: 'number', typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 }, default: 0.7, description: 'Randomness: 0 is greedy' },
	{ displayName: 'Top K', name: 'topK', type: 'number', typeOptions: { minValue: -1 }, default: -1, description: 'Sample among the K most likely tokens; -1 or 0 = all' },
	{ displayName: 'Top P', name: 'topP', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 1, description: 'Nucleus sampling: keep the most likely tokens whose probabilities add up to P' },
];

export const contextDocumentFields: INodeProperties[] = [
	{
		displayName: 'Context Documents',
		name: 'contextDocuments',
		type: 'json',
		default: '',
		description: 'Retrieved text to answer from, e.g. {{ $JSON.documents }} from a vector store node: a string, an array of strings, or documents with pageContent/text. Inserted into the system message with the template below.',
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

/** For operations that send one request per item: no concurrency to choose. */
export const timeoutAndRetryFields: INodeProperties[] = [
	{ displayName: 'Retries', name: 'retries', type: 'number', typeOptions: { minValue: 0, maxValue: 10 }, default: 2, description: 'Extra attempts on connection errors, 429 and 502/503/504 (with backoff, honouring Retry-After)' },
	{ displayName: 'Timeout (Seconds)', name: 'timeoutSeconds', type: 'number', typeOptions: { minValue: 0 }, default: 600, description: 'Per request; 0 = no limit. Long generations on big models can take minutes.' },
];

export const requestOptionFields = (defaultConcurrency: number): INodeProperties[] => [
	{ displayName: 'Concurrency', name: 'concurrency', type: 'number', typeOptions: { minValue: 1, maxValue: 256 }, default: defaultConcurrency, description: 'Items sent at once. The server batches concurrent requests, so more than 1 raises throughput; output order always follows the input.' },
	...timeoutAndRetryFields,
];

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
