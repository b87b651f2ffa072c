/**
 * A safetensors file's header, read with two HTTP Range requests at most: the file starts with an
 * unsigned little-endian 64-bit header length N, then N bytes of JSON mapping each tensor name to
 * { dtype, shape, data_offsets: [begin, end] } (byte offsets into the data that follows), plus an
 * optional "__metadata__" object. https://github.com/huggingface/safetensors#format
 * The first request asks for enough bytes to hold most headers whole; a larger one takes a second.
 */
import { OverlayError } from '../../errors';

export interface SafetensorsTensor {
	name: string;
	/** safetensors dtype: BF16, F16, F32, F8_E4M3, U8, I32... */
	dtype: string;
	shape: number[];
	/** data_offsets end - begin: exact, whatever the dtype packs. */
	bytes: number;
}

/** Enough for a shard of a few thousand tensors in one request. */
export const FIRST_READ_BYTES = 256 * 1024;
/** safetensors itself refuses headers above 100 MB (MAX_HEADER_SIZE); a model shard's is far smaller. */
export const MAX_HEADER_BYTES = 32 * 1024 * 1024;
const MAX_TENSORS = 200_000;

export type ReadRange = (start: number, end: number) => Promise<Buffer>;

function invalid(file: string, why: string): OverlayError {
	return new OverlayError('protocol', `${file} does not have a valid safetensors header: ${why}.`, {
		hint: 'The file may be incomplete or not a safetensors file; the model was not planned from it.',
	});
}

function isOffsets(value: unknown): value is [number, number] {
	return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && n >= 0) && value[1] >= value[0];
}

export function parseSafetensorsHeader(json: string, file: string): SafetensorsTensor[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		throw invalid(file, 'the header is not JSON');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid(file, 'the header is not a JSON object');
	const tensors: SafetensorsTensor[] = [];
	for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
		if (name === '__metadata__') continue;
		const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
		if (typeof dtype !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) || !isOffsets(offsets)) {
			throw invalid(file, `tensor ${name.slice(0, 100)} has no dtype, shape or data_offsets`);
		}
		tensors.push({ name, dtype, shape: shape as number[], bytes: offsets[1] - offsets[0] });
		if (tensors.length > MAX_TENSORS) throw invalid(file, `more than ${MAX_TENSORS} tensors`);
	}
	return tensors;
}

export async function readSafetensorsHeader(readRange: ReadRange, file: string): Promise<SafetensorsTensor[]> {
	const first = await readRange(0, FIRST_READ_BYTES - 1);
	if (first.length < 8) throw invalid(file, 'it is shorter than 8 bytes');
	const length = first.readBigUInt64LE(0);
	if (length > BigInt(MAX_HEADER_BYTES)) throw invalid(file, `its header claims ${length} bytes (more than ${MAX_HEADER_BYTES})`);
	const end = 8 + Number(length);
	const header = end <= first.length ? first.subarray(8, end) : Buffer.concat([first.subarray(8), await readRange(first.length, end - 1)]);
	if (header.length !== end - 8) throw invalid(file, 'the header is cut short');
	return parseSafetensorsHeader(header.toString('utf8'), file);
}
