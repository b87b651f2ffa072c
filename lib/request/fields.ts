/**
 * Declared request fields: each has a type, may be required, may have a default, allowed values,
 * a range, or another field it needs. A body is read against them into clean values and a list of
 * problems, one plain sentence per field, naming the field and what it must be.
 */

export const FIELD_TYPES = ['string', 'number', 'wholeNumber', 'boolean', 'stringList', 'json'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
	name: string;
	type: FieldType;
	required: boolean;
	/** The value when the field is left out (already of the field's type); null when none. */
	default: unknown;
	/** For strings: the only values taken. */
	allowedValues: string[];
	/** For numbers: inclusive bounds. */
	min?: number;
	max?: number;
	/** Another field that must be given with this one. */
	needs?: string;
}

/** What to do with body fields nobody declared. */
export type UnknownFields = 'ignore' | 'reject' | 'keep';

export interface FieldsResult {
	fields: Record<string, unknown>;
	problems: string[];
}

export const TYPE_LABELS: Record<FieldType, string> = {
	string: 'string',
	number: 'number',
	wholeNumber: 'whole number',
	boolean: 'true or false',
	stringList: 'list of strings',
	json: 'any JSON',
};

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(body: Record<string, unknown>, name: string): unknown {
	return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}

/** Defined, not assigned: a field named "__proto__" stays a plain field. */
function setField(fields: Record<string, unknown>, name: string, value: unknown): void {
	Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Left out, null and a blank string all count as not given (a form or a client may send either). */
export function isGiven(value: unknown): boolean {
	return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function rangeWords(spec: FieldSpec): string {
	if (spec.min !== undefined && spec.max !== undefined) return ` from ${spec.min} to ${spec.max}`;
	if (spec.min !== undefined) return ` of at least ${spec.min}`;
	if (spec.max !== undefined) return ` of at most ${spec.max}`;
	return '';
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

function readNumber(value: unknown, spec: FieldSpec): number | undefined {
	const number = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
	if (spec.type === 'wholeNumber' && !Number.isInteger(number)) return undefined;
	if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) return undefined;
	return number;
}

function readBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return undefined;
}

/** A string gives a list of one; blank entries are dropped. */
function readStringList(value: unknown): string[] | undefined {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value.filter((entry) => entry.trim() !== '');
	return undefined;
}

type Read = { ok: true; value: unknown } | { ok: false; problem: string };

function readValue(value: unknown, spec: FieldSpec): Read {
	const field = `"${spec.name}"`;
	switch (spec.type) {
		case 'string': {
			if (typeof value !== 'string') return { ok: false, problem: `${field} must be a string` };
			const text = value.trim();
			if (spec.allowedValues.length > 0 && !spec.allowedValues.includes(text)) {
				return { ok: false, problem: `${field} must be one of ${spec.allowedValues.join(', ')}` };
			}
			return { ok: true, value: text };
		}
		case 'number':
		case 'wholeNumber': {
			const number = readNumber(value, spec);
			if (number === undefined) return { ok: false, problem: `${field} must be a ${TYPE_LABELS[spec.type]}${rangeWords(spec)}` };
			return { ok: true, value: number };
		}
		case 'boolean': {
			const flag = readBoolean(value);
			return flag === undefined ? { ok: false, problem: `${field} must be true or false` } : { ok: true, value: flag };
		}
		case 'stringList': {
			const list = readStringList(value);
			return list === undefined ? { ok: false, problem: `${field} must be an array of strings` } : { ok: true, value: list };
		}
		case 'json':
			return { ok: true, value };
	}
}

function emptyValue(spec: FieldSpec): unknown {
	if (spec.default !== null && spec.default !== undefined) return spec.default;
	return spec.type === 'stringList' ? [] : null;
}

/** Reads the declared fields of a body; every declared field comes out, filled with its default when left out. */
export function readFields(body: unknown, specs: readonly FieldSpec[], unknownFields: UnknownFields = 'ignore'): FieldsResult {
	if (!isObject(body)) return { fields: {}, problems: ['the body must be a JSON object'] };
	const fields: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const spec of specs) {
		const value = own(body, spec.name);
		if (!isGiven(value)) {
			if (spec.required) problems.push(`"${spec.name}" is required`);
			setField(fields, spec.name, emptyValue(spec));
			continue;
		}
		const read = readValue(value, spec);
		if (!read.ok) problems.push(read.problem);
		setField(fields, spec.name, read.ok ? read.value : emptyValue(spec));
	}
	for (const spec of specs) {
		if (spec.needs && isGiven(own(body, spec.name)) && !isGiven(own(body, spec.needs))) problems.push(`"${spec.name}" needs "${spec.needs}" as well`);
	}
	const declared = new Set(specs.map((spec) => spec.name));
	const undeclared = Object.keys(body).filter((name) => !declared.has(name));
	if (unknownFields === 'reject' && undeclared.length > 0) {
		const names = undeclared.map((name) => `"${name}"`).join(', ');
		problems.push(`${names} ${undeclared.length === 1 ? 'is not a field' : 'are not fields'} this request takes (it takes ${[...declared].join(', ') || 'none'})`);
	}
	if (unknownFields === 'keep') for (const name of undeclared) setField(fields, name, body[name]);
	return { fields, problems };
}

/** "prompt (string, required), count (whole number from 1 to 1024, default 1)": for a hint. */
export function describeFields(specs: readonly FieldSpec[]): string {
	return specs
		.map((spec) => {
			const details = [TYPE_LABELS[spec.type] + rangeWords(spec)];
			if (spec.allowedValues.length > 0) details.push(`one of ${spec.allowedValues.join(', ')}`);
			if (spec.required) details.push('required');
			else if (spec.default !== null && spec.default !== undefined) details.push(`default ${JSON.stringify(spec.default)}`);
			if (spec.needs) details.push(`needs ${spec.needs}`);
			return `${spec.name} (${details.join(', ')})`;
		})
		.join(', ');
}
