/**
 * A model from the Hugging Face Hub by id: config.json gives the architecture and, through
 * quantization_config, the checkpoint's format; the safetensors headers (model.safetensors.index.json
 * lists the shards) give every tensor's dtype and exact byte count, read with Range requests of the
 * headers only. Loaded models are kept per process (PromiseCache): a second plan does not refetch.
 */
import { createHash } from 'node:crypto';
import { OverlayError } from '../../errors';
import { checkUrl } from '../../net/checkUrl';
import type { SourcePolicy } from '../../net/sourcePolicy';
import { modelFromConfig } from '../fromConfig';
import type { ModelSpec } from '../types';
import { PromiseCache } from './cache';
import { summarizeTensors } from './checkpointTensors';
import { fetchHubFile, resolveUrl, type HubContext } from './hubFiles';
import { readSafetensorsHeader, type SafetensorsTensor } from './safetensors';
import { hubSettings, type HubOptions } from './settings';

/** Everything one model takes (config, index, every shard's header), redirects included. */
const TIME_BUDGET_MS = 90_000;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** DeepSeek-V3's index (163 shards, 90k tensors) is about 9 MB. */
const MAX_INDEX_BYTES = 32 * 1024 * 1024;
const MAX_SHARDS = 2048;
const PARALLEL_READS = 4;
const SHARD_NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\.safetensors$/;

/** 32 models for 30 minutes: a model's entry is its architecture and a few sums, not its tensors. */
const cache = new PromiseCache<ModelSpec>(32, 30 * 60_000);

export interface LoadHubModelOptions extends HubOptions {
	sources: SourcePolicy;
	signal?: AbortSignal;
	env?: NodeJS.ProcessEnv;
}

function parseJson(text: string, what: string, ctx: HubContext): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new OverlayError('protocol', `${what} of ${ctx.id} from ${ctx.settings.endpoint} is not JSON.`, { hint: `Check that ${ctx.settings.endpoint} is a Hugging Face Hub (or mirror).` });
	}
}

function shardFiles(index: unknown, ctx: HubContext): string[] {
	const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
	if (!weightMap || typeof weightMap !== 'object') throw new OverlayError('protocol', `model.safetensors.index.json of ${ctx.id} has no weight_map.`, { hint: 'The repository\'s index is not a safetensors index.' });
	const files = [...new Set(Object.values(weightMap as Record<string, unknown>))];
	const bad = files.find((file) => typeof file !== 'string' || !SHARD_NAME.test(file) || file.split('/').includes('..'));
	if (bad !== undefined) throw new OverlayError('protocol', `model.safetensors.index.json of ${ctx.id} names a shard that is not a safetensors file name: ${String(bad).slice(0, 100)}.`, { hint: 'The index was not read further.' });
	if (files.length > MAX_SHARDS) throw new OverlayError('protocol', `model.safetensors.index.json of ${ctx.id} lists ${files.length} shards (more than ${MAX_SHARDS}).`, { hint: 'The index was not read further.' });
	return files as string[];
}

/** The repository has no such file (EntryNotFound). */
class MissingFile extends Error {}

function rangeReader(ctx: HubContext, file: string) {
	return async (start: number, end: number): Promise<Buffer> => {
		let response;
		try {
			response = await fetchHubFile(ctx, file, { range: [start, end], maxBytes: end - start + 1, optional: true });
		} catch (error) {
			if (error instanceof OverlayError && error.kind === 'protocol' && error.httpStatus === 200) {
				throw new OverlayError('protocol', `${error.url ?? file} sent the whole of ${file} instead of the byte range asked for.`, {
					url: error.url,
					hint: 'The server (or a proxy on the way) ignores HTTP Range requests; the Hub and its CDN honour them.',
				});
			}
			throw error;
		}
		if (!response) throw new MissingFile(file);
		const contentRange = /^bytes (\d+)-/.exec(String(response.headers['content-range'] ?? ''));
		if (response.status === 206 ? Number(contentRange?.[1]) !== start : start !== 0) {
			throw new OverlayError('protocol', `${response.url} did not answer the byte range ${start}-${end} of ${file}.`, { url: response.url, hint: 'The server (or a proxy on the way) does not honour HTTP Range requests.' });
		}
		return response.body;
	};
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await run(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
	return results;
}

async function readHeaders(ctx: HubContext): Promise<{ files: SafetensorsTensor[][]; source: string; indexTotal: number | null } | null> {
	const index = await fetchHubFile(ctx, 'model.safetensors.index.json', { maxBytes: MAX_INDEX_BYTES, optional: true });
	if (index) {
		const parsed = parseJson(index.text(), 'model.safetensors.index.json', ctx);
		const files = await inBatches(shardFiles(parsed, ctx), PARALLEL_READS, (file) =>
			readSafetensorsHeader(rangeReader(ctx, file), file).catch((error: unknown) => {
				if (!(error instanceof MissingFile)) throw error;
				throw new OverlayError('protocol', `model.safetensors.index.json of ${ctx.id} lists ${file}, which the repository does not have.`, { hint: 'The repository is incomplete at this revision.' });
			}),
		);
		const total = (parsed as { metadata?: { total_size?: unknown } }).metadata?.total_size;
		return { files, source: resolveUrl(ctx, 'model.safetensors.index.json'), indexTotal: typeof total === 'number' ? total : null };
	}
	try {
		const tensors = await readSafetensorsHeader(rangeReader(ctx, 'model.safetensors'), 'model.safetensors');
		return { files: [tensors], source: resolveUrl(ctx, 'model.safetensors'), indexTotal: null };
	} catch (error) {
		// No safetensors at all (a .bin or GGUF-only repository): planned from the config's parameter counts.
		if (error instanceof MissingFile) return null;
		throw error;
	}
}

async function fetchHubModel(ctx: HubContext): Promise<ModelSpec> {
	const configFile = await fetchHubFile(ctx, 'config.json', { maxBytes: MAX_CONFIG_BYTES });
	const label = ctx.settings.revision === 'main' ? ctx.id : `${ctx.id}@${ctx.settings.revision}`;
	const spec = modelFromConfig(parseJson(configFile!.text(), 'config.json', ctx), label);
	const model: ModelSpec = { ...spec, id: ctx.id, displayName: label, source: resolveUrl(ctx, 'config.json') };
	const headers = await readHeaders(ctx);
	if (!headers) return model;
	const tensors = summarizeTensors(headers.files, model.numLayers, headers.source, model.nativeFormat);
	const headerTotal = tensors.totalBytes + tensors.classes.notLoaded;
	if (headers.indexTotal !== null && headers.indexTotal !== headerTotal) {
		tensors.notes.push(`The index gives total_size ${headers.indexTotal} bytes; the headers sum to ${headerTotal}: the headers are used.`);
	}
	return { ...model, checkpointTensors: tensors };
}

function fingerprint(token: string | undefined): string {
	return token ? createHash('sha256').update(token).digest('hex').slice(0, 16) : '-';
}

/** Refused before any request when Allowed Sources does not allow the endpoint. */
export function loadHubModel(id: string, options: LoadHubModelOptions): Promise<ModelSpec> {
	const settings = hubSettings(options, options.env);
	checkUrl(new URL(settings.endpoint), options.sources, 'The Hugging Face endpoint');
	const key = [settings.endpoint, id, settings.revision, fingerprint(settings.token), options.sources.key].join('\n');
	return cache.get(key, () => fetchHubModel({ settings, id, sources: options.sources, deadline: Date.now() + TIME_BUDGET_MS, signal: options.signal }));
}

/** For tests: forget every loaded model. */
export function clearHubModelCache(): void {
	cache.clear();
}
