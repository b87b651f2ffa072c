/**
 * Removes credentials from text before it reaches an output, an error or a log. Each HTTP client
 * owns one Redactor built from the secrets it sends (API key, password of the base URL, proxy
 * password) and runs every body it reads from the wire through it before anything else
 * (parsing, quoting, truncating): see HttpClient and fetchUserUrl.
 *
 * What counts as the secret, for a secret of at least 4 characters:
 * - the value itself, URL-encoded, JSON-escaped (also with `\/`), wherever it appears (so also in
 *   `Bearer <key>` or `Basic <base64>` when that token is itself a secret);
 * - for secrets of 8 characters or more, any run of 8 or more consecutive characters of the value:
 *   a server that truncates its echo, or masks its middle, still leaks that part. Servers that mask
 *   all but the last 4 characters (as OpenAI does) leave fewer than 8 and are left alone.
 * Shorter secrets are not treated: masking every 3-letter word that happens to match would wreck
 * answers and would not protect a key that short anyway.
 */
import { OverlayError } from '../errors';

export const REDACTED = '***';
const MIN_SECRET_LENGTH = 4;
/** The shortest run of a secret's characters that is masked. */
const MIN_FRAGMENT = 8;
/** Half of MIN_FRAGMENT: every run of MIN_FRAGMENT - 1 characters holds one whole aligned block. */
const BLOCK = MIN_FRAGMENT / 2;

/** Another bearer token a server or proxy may echo in an error: masked in diagnostic text only. */
const BEARER_TOKEN = /\b(Bearer\s+)[A-Za-z0-9._~+/=:-]{4,}/gi;

interface SecretForm {
	value: string;
	/** Offsets of the aligned blocks searched for when the value is long enough for fragments. */
	blocks: number[];
}

function formsOf(secret: string): string[] {
	const jsonEscaped = JSON.stringify(secret).slice(1, -1);
	return [secret, encodeURIComponent(secret), jsonEscaped, jsonEscaped.replace(/\//g, '\\/')];
}

function blockOffsets(length: number): number[] {
	if (length < MIN_FRAGMENT) return [];
	const offsets: number[] = [];
	for (let offset = 0; offset + BLOCK <= length; offset += BLOCK) offsets.push(offset);
	if (offsets[offsets.length - 1] !== length - BLOCK) offsets.push(length - BLOCK);
	return offsets;
}

export class Redactor {
	private readonly forms: SecretForm[];

	constructor(secrets: Array<string | undefined | null>) {
		const values = new Set<string>();
		for (const secret of secrets) {
			if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of formsOf(secret)) values.add(form);
		}
		this.forms = [...values].map((value) => ({ value, blocks: blockOffsets(value.length) }));
	}

	/** True when there is something to redact at all. */
	get active(): boolean {
		return this.forms.length > 0;
	}

	/** The text without the secrets; the same string instance when none was found. */
	text(text: string): string {
		if (this.forms.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
		let ranges: Array<[number, number]> | null = null;
		for (const form of this.forms) ranges = this.findForm(text, form, ranges);
		return ranges === null ? text : mask(text, ranges);
	}

	/** For messages, hints and logs: also masks any other bearer token a server or proxy echoed. */
	diagnostic(text: string): string {
		return this.text(text).replace(BEARER_TOKEN, `$1${REDACTED}`);
	}

	/** A parsed body with every string (keys included) redacted. */
	value<T>(value: T): T {
		return this.deep(value) as T;
	}

	/** The same error with message, hint and server message redacted. */
	error(error: unknown): unknown {
		if (!(error instanceof OverlayError)) return error;
		const message = this.diagnostic(error.message);
		const hint = error.hint === undefined ? undefined : this.diagnostic(error.hint);
		const serverMessage = error.serverMessage === undefined ? undefined : this.diagnostic(error.serverMessage);
		if (message === error.message && hint === error.hint && serverMessage === error.serverMessage) return error;
		return new OverlayError(error.kind, message, { hint, serverMessage, httpStatus: error.httpStatus, url: error.url });
	}

	private deep(value: unknown): unknown {
		if (typeof value === 'string') return this.text(value);
		if (Array.isArray(value)) return value.map((entry) => this.deep(entry));
		if (value !== null && typeof value === 'object') {
			const result: Record<string, unknown> = {};
			for (const [key, entry] of Object.entries(value)) result[this.text(key)] = this.deep(entry);
			return result;
		}
		return value;
	}

	private findForm(text: string, form: SecretForm, found: Array<[number, number]> | null): Array<[number, number]> | null {
		let ranges = found;
		const add = (start: number, end: number) => (ranges ??= []).push([start, end]);
		if (form.blocks.length === 0) {
			for (let at = text.indexOf(form.value); at >= 0; at = text.indexOf(form.value, at + 1)) add(at, at + form.value.length);
			return ranges;
		}
		const secret = form.value;
		for (const offset of form.blocks) {
			const block = secret.slice(offset, offset + BLOCK);
			for (let at = text.indexOf(block); at >= 0; at = text.indexOf(block, at + 1)) {
				let before = 0;
				while (before < offset && at - before > 0 && text[at - before - 1] === secret[offset - before - 1]) before++;
				let after = 0;
				const tail = offset + BLOCK;
				while (tail + after < secret.length && text[at + BLOCK + after] === secret[tail + after]) after++;
				if (before + BLOCK + after >= MIN_FRAGMENT) add(at - before, at + BLOCK + after);
			}
		}
		return ranges;
	}
}

function mask(text: string, ranges: Array<[number, number]>): string {
	ranges.sort((a, b) => a[0] - b[0]);
	let result = '';
	let cursor = 0;
	let open: [number, number] | null = null;
	for (const range of ranges) {
		if (open && range[0] <= open[1]) {
			open[1] = Math.max(open[1], range[1]);
			continue;
		}
		if (open) {
			result += text.slice(cursor, open[0]) + REDACTED;
			cursor = open[1];
		}
		open = [range[0], range[1]];
	}
	if (open) {
		result += text.slice(cursor, open[0]) + REDACTED;
		cursor = open[1];
	}
	return result + text.slice(cursor);
}

