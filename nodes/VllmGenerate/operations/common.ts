/** Parameter pieces and readers the vLLM operations share. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { normalizeContextDocuments, type ContextDocument } from '../../../lib/clients/openaiCompatible';
import { inputError } from '../../../lib/errors';
import { readJsonParameter } from '../../shared/descriptions';

export const DEFAULT_CONCURRENCY = 8;

export function showFor(operation: string): INodeProperties['displayOptions'] {
	return { show: { operation: [operation] } };
}

export const timeoutAndRetryFields: INodeProperties[] = [
	{ displayName: 'Retries', name: 'retries', type: 'number', typeOptions: { minValue: 0, maxValue: 10 }, default: 2, description: 'Extra attempts on connection errors, 429 and 502/503/504 (with backoff, honouring Retry-After)' },
	{ displayName: 'Timeout (Seconds)', name: 'timeoutSeconds', type: 'number', typeOptions: { minValue: 0 }, default: 600, description: 'Per request; 0 = no limit' },
];

/** Context documents arrive as an array or object from an expression, as JSON text, or as plain text. */
export function readContextDocuments(value: unknown): ContextDocument[] {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed === '') return [];
		if (!/^[[{"]/.test(trimmed)) return normalizeContextDocuments(trimmed);
	}
	return normalizeContextDocuments(readJsonParameter(value, 'Context Documents'));
}

export function readJsonObject(value: unknown, what: string): Record<string, unknown> | undefined {
	const parsed = readJsonParameter(value, what);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(`${what} must be a JSON object.`, `Write "${what}" as { ... }, or clear it.`);
	}
	return parsed as Record<string, unknown>;
}

export function readString(options: IDataObject, name: string): string | undefined {
	const value = options[name];
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
