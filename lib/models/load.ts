/**
 * Resolves what a user gives as "model": a catalog id or alias, a ModelSpec, a config.json object,
 * a JSON string, a Hugging Face Hub id (org/name), an http(s) URL of a config.json, or a local path.
 * URLs, paths and Hub ids are read only where Allowed Sources allows (lib/net).
 */
import { readFile } from 'node:fs/promises';
import { fetchUserUrl } from '../clients/fetchUserUrl';
import { inputError, OverlayError } from '../errors';
import { findModel, MODELS } from '../knowledge/models';
import { resolveSourcePolicy, type SourcePolicy } from '../net/sourcePolicy';
import { checkLocalPath } from '../net/localPath';
import { checkUserSource, looksLikeUrl } from '../net/userSource';
import { modelFromConfig } from './fromConfig';
import { parseHubId } from './hub/hubId';
import { loadHubModel } from './hub/hubModel';
import type { HubOptions } from './hub/settings';
import type { ModelSpec } from './types';

export type ModelInput = string | ModelSpec | Record<string, unknown>;

export interface LoadModelOptions {
	/** Allowed Sources (entries or a parsed policy); default: OVERLAY_ALLOWED_SOURCES, else the Hugging Face Hub only. */
	sources?: string | SourcePolicy;
	/** Endpoint, token and revision for Hub ids (default HF_ENDPOINT, HF_TOKEN, main). */
	hub?: HubOptions;
	signal?: AbortSignal;
}

function isModelSpec(value: unknown): value is ModelSpec {
	const v = value as ModelSpec;
	return !!v && typeof v === 'object' && Array.isArray(v.layerTypes) && typeof v.numLayers === 'number';
}

function catalogHint(): string {
	return `Use a catalog model (${MODELS.map((m) => m.aliases[0] ?? m.id).join(', ')}), a Hugging Face model id (org/name), or a config.json (JSON, URL or path).`;
}

export function parseConfigJson(text: string, origin: string): ModelSpec {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new OverlayError('input', `The model config from ${origin} is not valid JSON: ${(error as Error).message}`, {
			hint: 'Paste the whole config.json object (it starts with "{"), or give the model\'s Hugging Face id (org/name).',
		});
	}
	return modelFromConfig(parsed);
}

/** A config.json is a few KB; this leaves room for the largest ones with embedded chat templates. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const CONFIG_URL_HINT = 'Check the URL; for a Hugging Face model give its id (org/name) instead of a URL.';

async function fetchConfig(url: URL, sources: SourcePolicy, signal: AbortSignal | undefined): Promise<ModelSpec> {
	const response = await fetchUserUrl(url, {
		what: 'the model config',
		hint: `${CONFIG_URL_HINT} Or paste the config.json content instead.`,
		sources,
		timeoutMs: 15_000,
		maxBytes: MAX_CONFIG_BYTES,
		signal,
	});
	if (response.status < 200 || response.status >= 300) {
		throw new OverlayError('http', `Fetching the model config failed with HTTP ${response.status}.`, { httpStatus: response.status, url: response.url, hint: CONFIG_URL_HINT });
	}
	return parseConfigJson(response.text(), response.url);
}

async function readConfigFile(raw: string, sources: SourcePolicy): Promise<ModelSpec> {
	const file = await checkLocalPath(raw, sources, 'The model config path');
	if (file.size > MAX_CONFIG_BYTES) {
		throw inputError(`The model config file ${file.path} is ${file.size} bytes; a config.json is a few KB.`, 'Give the model\'s config.json.');
	}
	return parseConfigJson(await readFile(file.realPath, 'utf8'), file.path);
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

export async function loadModel(input: ModelInput, options: LoadModelOptions = {}): Promise<ModelSpec> {
	const resolved = resolveModelSync(input);
	if (resolved) return resolved;
	const text = String(input).trim();
	const sources = resolveSourcePolicy(options.sources);
	if (looksLikeUrl(text)) {
		const checked = await checkUserSource(text, sources, 'The model config');
		if (checked.kind === 'url') return fetchConfig(checked.url, sources, options.signal);
	}
	const hubId = parseHubId(text);
	if (hubId) return loadHubModel(hubId, { ...options.hub, sources, signal: options.signal });
	if (text.endsWith('.json') || /^[/.~\\]/.test(text) || text.includes('/')) return readConfigFile(text, sources);
	throw inputError(`Unknown model "${text.slice(0, 200)}".`, catalogHint());
}
