/**
 * The allow-list that stops a workflow input (a webhook body, say) from making the vLLM server load an arbitrary path.
 * Checked before any request is sent.
 *
 * Rule, as documented in the credential:
 * - Entries are separated by commas or new lines. An empty list allows nothing; `*` allows any path (still without `..`).
 * - An entry starting with `/` is a directory prefix on the vLLM host: `/models/lora` allows `/models/lora/x` and
 *   `/models/lora` itself, not `/models/lora-evil` (the match stops at a path separator). Paths are normalized first.
 * - An entry `hf:org` or `hf:org/name` allows Hugging Face repo ids: `hf:org` any repo of that owner, `hf:org/name` that repo
 *   (and its sub-folders). vLLM treats a lora_path that is not a local directory as a repo id.
 * - An adapter path not starting with `/` must look like a repo id (`org/name` or `org/name/sub/dir`, letters, digits, `.`,
 *   `_`, `-`); a relative local path such as `adapters/x` is read as that repo id, never as a local directory, and `~`,
 *   `./`, backslashes and `..` segments are refused outright.
 */
import { OverlayError } from '../../errors';
import * as posix from 'node:path/posix';

export interface AdapterPathRules {
	allowAll: boolean;
	localPrefixes: string[];
	hfPrefixes: string[];
}

const HF_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseAllowedAdapterPaths(value: string | string[] | undefined | null): AdapterPathRules {
	const entries = (Array.isArray(value) ? value : (value ?? '').split(/[,\n\r]+/))
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
	const rules: AdapterPathRules = { allowAll: false, localPrefixes: [], hfPrefixes: [] };
	for (const entry of entries) {
		if (entry === '*') rules.allowAll = true;
		else if (entry.startsWith('/')) rules.localPrefixes.push(stripTrailingSlash(posix.normalize(entry)));
		else if (/^hf:/i.test(entry)) rules.hfPrefixes.push(stripTrailingSlash(entry.slice(3).trim()));
		else {
			throw new OverlayError('input', `The allowed adapter path "${entry}" is neither an absolute path nor an hf: prefix.`, {
				hint: 'Write local prefixes as absolute paths (/models/lora) and Hugging Face prefixes as hf:org or hf:org/name, or * to allow any path.',
			});
		}
	}
	return rules;
}

function stripTrailingSlash(path: string): string {
	return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function underPrefix(path: string, prefix: string): boolean {
	return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

export type AdapterPathKind = 'local' | 'huggingface';

/** Returns the path to send (normalized) and its kind, or throws an 'input' OverlayError naming the fix. */
export function checkAdapterPath(rawPath: string, rules: AdapterPathRules): { path: string; kind: AdapterPathKind } {
	const path = (rawPath ?? '').trim();
	const refuse = (why: string, hint: string) => new OverlayError('input', `Adapter path "${path}" refused: ${why}`, { hint });
	if (path === '') throw refuse('it is empty.', 'Give the adapter directory on the vLLM host (/models/lora/x) or a Hugging Face repo id (org/name).');
	if (/[\0\r\n]/.test(path) || path.includes('\\')) throw refuse('it contains control characters or backslashes.', 'Use a plain POSIX path or a repo id.');
	if (path.split('/').includes('..')) throw refuse('".." segments are not allowed.', 'Give the adapter\'s absolute path without "..".');

	const addHint = 'Add its folder (or hf:org for a Hugging Face repo) to Allowed Adapter Paths in the vLLM API credential.';
	if (path.startsWith('/')) {
		const normalized = stripTrailingSlash(posix.normalize(path));
		if (!rules.allowAll && !rules.localPrefixes.some((prefix) => underPrefix(normalized, prefix))) {
			throw refuse(describeAllowed(rules), addHint);
		}
		return { path: normalized, kind: 'local' };
	}
	const segments = path.replace(/\/+$/, '').split('/');
	if (segments.length < 2 || !segments.every((segment) => HF_SEGMENT.test(segment))) {
		throw refuse(
			'it is neither an absolute path nor a Hugging Face repo id.',
			'Give the absolute adapter directory on the vLLM host (/models/lora/x) or a repo id such as org/name.',
		);
	}
	const repo = segments.join('/');
	if (!rules.allowAll && !rules.hfPrefixes.some((prefix) => repo === prefix || repo.startsWith(`${prefix}/`))) {
		throw refuse(describeAllowed(rules), addHint);
	}
	return { path: repo, kind: 'huggingface' };
}

function describeAllowed(rules: AdapterPathRules): string {
	const allowed = [...rules.localPrefixes, ...rules.hfPrefixes.map((prefix) => `hf:${prefix}`)];
	return allowed.length === 0
		? 'the credential allows no adapter paths (Allowed Adapter Paths is empty).'
		: `it is outside the allowed prefixes (${allowed.join(', ')}).`;
}
