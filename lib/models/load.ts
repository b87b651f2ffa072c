/**
 * Resolves what a user gives as "model": a catalog id or alias, a ModelSpec, a config.json object,
 * a JSON string, a local path, or an http(s) URL of a config.json.
 */
import { readFile } from 'node:fs/promises';
import { fetchUserUrl, parseUserUrl } from '../clients/fetchUserUrl';
import { inputError, OverlayError } from '../errors';
import { findModel, MODELS } from '../knowledge/models';
import { modelFromConfig } from './fromConfig';
import type { ModelSpec } from './types';

export type ModelInput = string | ModelSpec | Record<string, unknown>;

function isModelSpec(value: unknown): value is ModelSpec {
	const v = value as ModelSpec;
	return !!v && typeof v === 'object' && Array.isArray(v.layerTypes) && typeof v.numLayers === 'number';
}

function catalogHint(): string {
	return `Use a catalog model (${MODELS.map((m) => m.aliases[0] ?? m.id).join(', ')}) or give a Hugging Face config.json (JSON, URL or path).`;
}

export function parseConfigJson(text: string, origin: string): ModelSpec {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new OverlayError('input', `The model config from ${origin} is not valid JSON: ${(error as Error).message}`, {
			hint: 'Paste the whole config.json object (it starts with "{"), or give the URL of the raw file (https://huggingface.co/<repo>/resolve/main/config.json).',
		});
	}
	return modelFromConfig(parsed);
}

/** A config.json is a few KB; this leaves room for the largest ones with embedded chat templates. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const CONFIG_URL_HINT = 'Check the URL; for Hugging Face use https://huggingface.co/<repo>/resolve/main/config.json (gated repos need a token).';

async function fetchConfig(url: string): Promise<ModelSpec> {
	const response = await fetchUserUrl(parseUserUrl(url, 'the model config', 'https://huggingface.co/<repo>/resolve/main/config.json'), {
		what: 'the model config',
		hint: `${CONFIG_URL_HINT} Or paste the config.json content instead.`,
		timeoutMs: 15_000,
		maxBytes: MAX_CONFIG_BYTES,
	});
	if (response.status < 200 || response.status >= 300) {
		throw new OverlayError('http', `Fetching the model config failed with HTTP ${response.status}.`, { httpStatus: response.status, url: response.url, hint: CONFIG_URL_HINT });
	}
	return parseConfigJson(response.text(), response.url);
}

/** Synchronous resolution: catalog ids/aliases, ModelSpec, config objects and JSON strings. */
export function resolveModelSync(input: ModelInput): ModelSpec | null {
	if (isModelSpec(input)) return input;
	if (typeof input === 'object' && input !== null) return modelFromConfig(input);
	const text = String(input ?? '').trim();
	if (!text) throw inputError('No model was given.', catalogHint());
	const known = findModel(text);
	if (known) return known;
	if (text.startsWith('{') || text.startsWith('[')) return parseConfigJson(text, 'the pasted text');
	return null;
}

export async function loadModel(input: ModelInput): Promise<ModelSpec> {
	const resolved = resolveModelSync(input);
	if (resolved) return resolved;
	const text = String(input).trim();
	if (/^https?:\/\//i.test(text)) return fetchConfig(text);
	if (text.endsWith('.json') || text.startsWith('/') || text.startsWith('.')) {
		let content: string;
		try {
			content = await readFile(text, 'utf8');
		} catch {
			throw inputError(`Cannot read the model config file ${text}.`, 'Check the path, or paste the config.json content.');
		}
		return parseConfigJson(content, text);
	}
	throw inputError(`Unknown model "${text}".`, catalogHint());
}
