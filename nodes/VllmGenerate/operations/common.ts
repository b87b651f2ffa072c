/** Parameter pieces and readers the vLLM operations share. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../../lib/errors';
import { readJsonParameter } from '../../shared/descriptions';

export const DEFAULT_CONCURRENCY = 8;

export function showFor(operation: string): INodeProperties['displayOptions'] {
	return { show: { operation: [operation] } };
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
