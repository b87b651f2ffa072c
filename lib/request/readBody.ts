/**
 * Reads an untrusted request body: its size and nesting first (without recursion), then the
 * declared fields. The outcome is either the clean fields or the HTTP answer that rejects it.
 */
import { describeFields, readFields, type FieldSpec, type UnknownFields } from './fields';
import { checkBodyText, checkParsedBody, describeBytes, type BodyLimits, type LimitBreach } from './limits';

export interface RejectedBody {
	status: 400 | 413;
	error: string;
	hint: string;
	summary: string;
}

export type BodyOutcome = { valid: true; fields: Record<string, unknown> } | { valid: false; answer: RejectedBody };

export interface ReadBodyOptions {
	fields: readonly FieldSpec[];
	limits: BodyLimits;
	unknownFields?: UnknownFields;
	/** What the caller should send; default: the declared fields in words. */
	hint?: string;
}

/** The body as n8n parsed it (JSON), or as text when n8n did not (text/plain, or a raw body read by the node). */
export type Body = { parsed: unknown } | { text: string; byteLength: number };

function defaultHint(fields: readonly FieldSpec[]): string {
	if (fields.length === 0) return 'Send a JSON object (Content-Type: application/json).';
	return `Send a JSON object (Content-Type: application/json) with: ${describeFields(fields)}.`;
}

function reject(status: RejectedBody['status'], problem: string, hint: string): BodyOutcome {
	const prefix = status === 413 ? 'Request too large' : 'Bad request';
	return { valid: false, answer: { status, error: `${prefix}: ${problem}.`, hint, summary: `The request was not run: ${problem}.` } };
}

function breachProblem(breach: LimitBreach): string {
	return breach.kind === 'size'
		? `the body is larger than ${describeBytes(breach.limit)}`
		: `the body is nested deeper than ${breach.limit} levels of objects and arrays`;
}

function limitHint(breach: LimitBreach, hint: string): string {
	const limit = breach.kind === 'size' ? `Send a smaller body (at most ${describeBytes(breach.limit)})` : `Send a flatter body (at most ${breach.limit} levels)`;
	return `${limit}. ${hint}`;
}

function parseText(body: { text: string; byteLength: number }, limits: BodyLimits): { parsed: unknown } | { breach: LimitBreach } | { invalid: string } {
	const breach = checkBodyText(body.text, body.byteLength, limits);
	if (breach) return { breach };
	const text = body.text.charCodeAt(0) === 0xfeff ? body.text.slice(1) : body.text;
	if (text.trim() === '') return { parsed: {} };
	try {
		return { parsed: JSON.parse(text) as unknown };
	} catch (error) {
		return { invalid: (error as Error).message };
	}
}

export function readBody(body: Body, options: ReadBodyOptions): BodyOutcome {
	const hint = options.hint?.trim() || defaultHint(options.fields);
	let parsed: unknown;
	if ('text' in body) {
		const read = parseText(body, options.limits);
		if ('breach' in read) return reject(read.breach.kind === 'size' ? 413 : 400, breachProblem(read.breach), limitHint(read.breach, hint));
		if ('invalid' in read) return reject(400, `the body is not valid JSON (${read.invalid})`, hint);
		parsed = read.parsed;
	} else {
		parsed = body.parsed ?? {};
	}
	const breach = checkParsedBody(parsed, options.limits);
	if (breach) return reject(breach.kind === 'size' ? 413 : 400, breachProblem(breach), limitHint(breach, hint));
	const { fields, problems } = readFields(parsed, options.fields, options.unknownFields);
	if (problems.length > 0) return reject(400, problems.join('; '), hint);
	return { valid: true, fields };
}
