/**
 * inspectGguf: reads a GGUF header (local path, or http(s) URL with Range requests) with @huggingface/gguf
 * and reports the architecture, exact weight bytes and each tensor type's share of them.
 */
import { GGMLFileQuantizationType, gguf } from '@huggingface/gguf';
import { fetchUserUrl } from '../clients/fetchUserUrl';
import { OverlayError } from '../errors';
import { resolveSourcePolicy, type SourcePolicy } from '../net/sourcePolicy';
import { checkUserSource } from '../net/userSource';
import { ggmlTypeInfo, tensorBytes } from './ggmlTypes';
import type { GgufInspection, GgufKeyMetadata, GgufTensorTypeShare } from './types';

type Metadata = Record<string, unknown>;

function numberOf(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'bigint') return Number(value);
	return null;
}

function stringOf(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

function keyMetadata(metadata: Metadata, arch: string | null): GgufKeyMetadata {
	const at = (key: string) => (arch ? metadata[`${arch}.${key}`] : undefined);
	const fileTypeId = numberOf(metadata['general.file_type']);
	const tokens = metadata['tokenizer.ggml.tokens'];
	return {
		name: stringOf(metadata['general.name']),
		fileType: fileTypeId !== null ? (GGMLFileQuantizationType[fileTypeId] ?? `file type ${fileTypeId}`) : null,
		fileTypeId,
		blockCount: numberOf(at('block_count')),
		embeddingLength: numberOf(at('embedding_length')),
		feedForwardLength: numberOf(at('feed_forward_length')),
		headCount: numberOf(at('attention.head_count')),
		headCountKv: numberOf(at('attention.head_count_kv')),
		keyLength: numberOf(at('attention.key_length')),
		valueLength: numberOf(at('attention.value_length')),
		expertCount: numberOf(at('expert_count')),
		expertUsedCount: numberOf(at('expert_used_count')),
		slidingWindow: numberOf(at('attention.sliding_window')),
		vocabSize: numberOf(at('vocab_size')) ?? (Array.isArray(tokens) ? tokens.length : null),
		quantizationVersion: numberOf(metadata['general.quantization_version']),
		alignment: numberOf(metadata['general.alignment']) ?? 32,
	};
}

class HttpStatusError extends Error {
	constructor(readonly status: number) {
		super(`HTTP ${status}`);
	}
}

const GGUF_URL_HINT = 'Check the URL (Hugging Face: https://huggingface.co/<repo>/resolve/main/<file>.gguf) and that the server allows Range requests.';
/** Per range request: @huggingface/gguf asks for 2 MB at a time (and stops past 50 MB of header). */
const RANGE_TIMEOUT_MS = 60_000;
/** For the whole header, however many range requests it takes. */
const HEADER_TIMEOUT_MS = 120_000;
/** A server that ignores Range sends the whole file; reading stops past this. */
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

function rangeLength(range: string | null): number {
	const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
	return match ? Number(match[2]) - Number(match[1]) + 1 : DEFAULT_MAX_BYTES;
}

/**
 * The fetch @huggingface/gguf reads ranges through: the pack's HTTP layer (proxy settings, Allowed
 * Sources on the URL and every redirect such as Hugging Face's to its CDN, a deadline, a size limit)
 * plus the status check the library does not do itself (a 404 page would be reported as "not a GGUF file").
 */
function ggufFetch(sources: SourcePolicy, signal: AbortSignal | undefined): typeof fetch {
	const deadline = Date.now() + HEADER_TIMEOUT_MS;
	return async (input, init) => {
		const headers = Object.fromEntries(new Headers(init?.headers).entries());
		const response = await fetchUserUrl(String(input), {
			what: 'the GGUF file',
			hint: GGUF_URL_HINT,
			headers,
			sources,
			timeoutMs: Math.max(1, Math.min(RANGE_TIMEOUT_MS, deadline - Date.now())),
			maxBytes: rangeLength(headers.range ?? null),
			signal,
		});
		if (response.status < 200 || response.status >= 300) throw new HttpStatusError(response.status);
		const contentRange = response.headers['content-range'];
		return new Response(response.body, { status: response.status, headers: contentRange ? { 'content-range': contentRange } : {} });
	};
}

function readError(source: string, error: unknown): OverlayError {
	if (error instanceof OverlayError) return error;
	if (error instanceof HttpStatusError) {
		return new OverlayError('http', `Reading the GGUF header from ${source} failed with HTTP ${error.status}.`, {
			httpStatus: error.status,
			url: source,
			hint: 'Check the URL (Hugging Face: https://huggingface.co/<repo>/resolve/main/<file>.gguf); gated repos need a token.',
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	const isUrl = /^https?:\/\//i.test(source);
	if (/not a valid gguf|magic number|unsupported version/i.test(message)) {
		return new OverlayError('input', `${source} is not a GGUF file: ${message}`, {
			hint: 'Give the path or URL of a .gguf file (for split files, the first shard).',
			cause: error,
		});
	}
	if (/ENOENT|no such file/i.test(message)) {
		return new OverlayError('input', `GGUF file not found: ${source}`, { hint: 'Check the path.', cause: error });
	}
	if (isUrl) {
		return new OverlayError('unreachable', `Could not read the GGUF header from ${source}: ${message}`, { url: source, hint: GGUF_URL_HINT });
	}
	return new OverlayError('input', `Could not read the GGUF header of ${source}: ${message}`, {
		hint: 'Check that the file is a complete GGUF file.',
		cause: error,
	});
}

export interface InspectGgufOptions {
	/** Allowed Sources (entries or a parsed policy); default: OVERLAY_ALLOWED_SOURCES, else the Hugging Face Hub only. */
	sources?: string | SourcePolicy;
	signal?: AbortSignal;
}

export async function inspectGguf(pathOrUrl: string, options: InspectGgufOptions = {}): Promise<GgufInspection> {
	const raw = String(pathOrUrl ?? '').trim();
	if (!raw) throw new OverlayError('input', 'No GGUF path or URL was given.', { hint: 'Give a local .gguf path or an http(s) URL.' });
	const sources = resolveSourcePolicy(options.sources);
	const checked = await checkUserSource(raw, sources, 'The GGUF file');
	// What outputs, reasons and commands show: the URL without user or password, or the normalised path.
	const source = checked.shown;
	let parsed: Awaited<ReturnType<typeof gguf>>;
	try {
		parsed =
			checked.kind === 'url'
				? await gguf(checked.url.href, { fetch: ggufFetch(sources, options.signal) })
				: await gguf(checked.file.realPath, { allowLocalFile: true });
	} catch (error) {
		throw readError(source, error);
	}
	const metadata = parsed.metadata as unknown as Metadata;
	const architecture = stringOf(metadata['general.architecture']);

	const byType = new Map<number, GgufTensorTypeShare>();
	let weightBytes = 0;
	let expertWeightBytes = 0;
	let parameterCount = 0;
	for (const tensor of parsed.tensorInfos) {
		const elements = tensor.shape.reduce((acc, dim) => acc * Number(dim), 1);
		const info = ggmlTypeInfo(tensor.dtype);
		if (!info) {
			throw new OverlayError('protocol', `Tensor ${tensor.name} has an unknown ggml type ${tensor.dtype}.`, {
				hint: 'The file may need a newer reader; the other tensors were not summed.',
			});
		}
		const bytes = tensorBytes(tensor.dtype, elements);
		weightBytes += bytes;
		parameterCount += elements;
		if (tensor.name.includes('_exps')) expertWeightBytes += bytes;
		const entry = byType.get(tensor.dtype) ?? { type: info.name, ggmlType: tensor.dtype, tensors: 0, parameters: 0, bytes: 0, share: 0 };
		entry.tensors += 1;
		entry.parameters += elements;
		entry.bytes += bytes;
		byType.set(tensor.dtype, entry);
	}
	const tensorTypes = [...byType.values()]
		.map((t) => ({ ...t, share: weightBytes > 0 ? t.bytes / weightBytes : 0 }))
		.sort((a, b) => b.bytes - a.bytes);

	return {
		source,
		version: Number(metadata.version),
		architecture,
		contextLength: architecture ? numberOf(metadata[`${architecture}.context_length`]) : null,
		parameterCount,
		weightBytes,
		expertWeightBytes,
		tensorCount: parsed.tensorInfos.length,
		tensorTypes,
		dominantType: tensorTypes[0]?.type ?? null,
		metadata: keyMetadata(metadata, architecture),
	};
}
