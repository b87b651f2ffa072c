/**
 * Field declarations as a form gives them (every value a string or a flag) turned into FieldSpecs,
 * or an input error naming the field and what to fix in its declaration.
 */
import { inputError } from '../errors';
import { FIELD_TYPES, type FieldSpec, type FieldType } from './fields';

export interface FieldDeclaration {
	name?: string;
	type?: string;
	required?: boolean;
	/** Written as text: a number, true/false, a comma-separated or JSON list, or JSON. */
	defaultValue?: string;
	/** Comma-separated. */
	allowedValues?: string;
	min?: string;
	max?: string;
	needs?: string;
}

const FIX = 'Fix the field in the node\'s Fields list.';

function bound(text: string | undefined, what: string, field: string): number | undefined {
	if (text === undefined || text.trim() === '') return undefined;
	const value = Number(text.trim());
	if (!Number.isFinite(value)) throw inputError(`The ${what} of field "${field}" is not a number: "${text}".`, FIX);
	return value;
}

function list(text: string): string[] {
	const trimmed = text.trim();
	if (trimmed.startsWith('[')) {
		const parsed: unknown = JSON.parse(trimmed);
		if (Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string')) return parsed;
		throw new Error('not a list of strings');
	}
	return trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
}

function parseDefault(text: string | undefined, type: FieldType): unknown {
	if (text === undefined || text.trim() === '') return null;
	const trimmed = text.trim();
	switch (type) {
		case 'string':
			return trimmed;
		case 'number':
		case 'wholeNumber': {
			const value = Number(trimmed);
			if (!Number.isFinite(value) || (type === 'wholeNumber' && !Number.isInteger(value))) throw new Error(`not a ${type === 'number' ? 'number' : 'whole number'}`);
			return value;
		}
		case 'boolean':
			if (trimmed !== 'true' && trimmed !== 'false') throw new Error('not true or false');
			return trimmed === 'true';
		case 'stringList':
			return list(trimmed);
		case 'json':
			return JSON.parse(trimmed);
	}
}

function parsed<T>(parse: () => T, what: string, field: string, text: string | undefined): T {
	try {
		return parse();
	} catch (error) {
		throw inputError(`The ${what} of field "${field}" ${error instanceof SyntaxError ? 'is not valid JSON' : `is ${(error as Error).message}`}: "${text}".`, FIX);
	}
}

export function declareField(declaration: FieldDeclaration): FieldSpec {
	const name = (declaration.name ?? '').trim();
	if (!name) throw inputError('A field in the Fields list has no name.', FIX);
	const type = (declaration.type ?? 'string') as FieldType;
	if (!FIELD_TYPES.includes(type)) throw inputError(`Field "${name}" has an unknown type "${String(declaration.type)}".`, `Use one of: ${FIELD_TYPES.join(', ')}.`);
	const allowed = type === 'string' ? declaration.allowedValues ?? '' : '';
	const spec: FieldSpec = {
		name,
		type,
		required: declaration.required === true,
		default: parsed(() => parseDefault(declaration.defaultValue, type), 'default', name, declaration.defaultValue),
		allowedValues: allowed.trim() ? parsed(() => list(allowed), 'allowed values', name, allowed) : [],
		min: bound(declaration.min, 'minimum', name),
		max: bound(declaration.max, 'maximum', name),
		needs: declaration.needs?.trim() || undefined,
	};
	if (typeof spec.default === 'string' && spec.allowedValues.length > 0 && !spec.allowedValues.includes(spec.default)) {
		throw inputError(`The default of field "${name}" ("${spec.default}") is not one of its allowed values.`, FIX);
	}
	return spec;
}

/** Every declaration, checked; two fields of one name are an error. */
export function declareFields(declarations: readonly FieldDeclaration[]): FieldSpec[] {
	const specs = declarations.map(declareField);
	const seen = new Set<string>();
	for (const spec of specs) {
		if (seen.has(spec.name)) throw inputError(`Field "${spec.name}" is declared twice.`, FIX);
		seen.add(spec.name);
	}
	for (const spec of specs) {
		if (spec.needs && !seen.has(spec.needs)) throw inputError(`Field "${spec.name}" needs "${spec.needs}", which is not declared.`, FIX);
	}
	return specs;
}
