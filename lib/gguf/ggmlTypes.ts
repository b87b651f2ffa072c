/**
 * Storage of each ggml tensor type: values per block and bytes per block, from the block_* structs in
 * ggml-org/llama.cpp ggml/src/ggml-common.h (same values as huggingface.js GGML_QUANT_SIZES; lmstudio.md §6.5).
 * Exact tensor bytes = elements / blockSize x typeSize.
 */
export interface GgmlTypeInfo {
	id: number;
	name: string;
	blockSize: number;
	typeSize: number;
}

const ROWS: Array<[number, string, number, number]> = [
	[0, 'F32', 1, 4],
	[1, 'F16', 1, 2],
	[2, 'Q4_0', 32, 18],
	[3, 'Q4_1', 32, 20],
	[6, 'Q5_0', 32, 22],
	[7, 'Q5_1', 32, 24],
	[8, 'Q8_0', 32, 34],
	[9, 'Q8_1', 32, 36],
	[10, 'Q2_K', 256, 84],
	[11, 'Q3_K', 256, 110],
	[12, 'Q4_K', 256, 144],
	[13, 'Q5_K', 256, 176],
	[14, 'Q6_K', 256, 210],
	[15, 'Q8_K', 256, 292],
	[16, 'IQ2_XXS', 256, 66],
	[17, 'IQ2_XS', 256, 74],
	[18, 'IQ3_XXS', 256, 98],
	[19, 'IQ1_S', 256, 50],
	[20, 'IQ4_NL', 32, 18],
	[21, 'IQ3_S', 256, 110],
	[22, 'IQ2_S', 256, 82],
	[23, 'IQ4_XS', 256, 136],
	[24, 'I8', 1, 1],
	[25, 'I16', 1, 2],
	[26, 'I32', 1, 4],
	[27, 'I64', 1, 8],
	[28, 'F64', 1, 8],
	[29, 'IQ1_M', 256, 56],
	[30, 'BF16', 1, 2],
	[34, 'TQ1_0', 256, 54],
	[35, 'TQ2_0', 256, 66],
	[39, 'MXFP4', 32, 17],
	[40, 'NVFP4', 64, 36],
	[41, 'Q1_0', 128, 18],
	[42, 'Q2_0', 64, 18],
];

export const GGML_TYPES: ReadonlyMap<number, GgmlTypeInfo> = new Map(
	ROWS.map(([id, name, blockSize, typeSize]) => [id, { id, name, blockSize, typeSize }]),
);

export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
	return GGML_TYPES.get(id);
}

/** Bytes of a tensor with `elements` values of ggml type `id`. */
export function tensorBytes(id: number, elements: number): number {
	const info = GGML_TYPES.get(id);
	if (!info) throw new Error(`Unknown ggml tensor type ${id}`);
	return Math.ceil(elements / info.blockSize) * info.typeSize;
}
