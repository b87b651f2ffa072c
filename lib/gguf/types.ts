/** What inspectGguf reports about a GGUF file. */

export interface GgufTensorTypeShare {
	/** ggml type name: MXFP4, Q8_0, F32, Q4_K ... */
	type: string;
	ggmlType: number;
	tensors: number;
	parameters: number;
	bytes: number;
	/** Fraction of all weight bytes (0..1). */
	share: number;
}

export interface GgufKeyMetadata {
	name: string | null;
	/** general.file_type as a label (e.g. MXFP4_MOE, Q4_K_M) and number. */
	fileType: string | null;
	fileTypeId: number | null;
	blockCount: number | null;
	embeddingLength: number | null;
	feedForwardLength: number | null;
	headCount: number | null;
	headCountKv: number | null;
	keyLength: number | null;
	valueLength: number | null;
	expertCount: number | null;
	expertUsedCount: number | null;
	slidingWindow: number | null;
	vocabSize: number | null;
	quantizationVersion: number | null;
	alignment: number;
}

export interface GgufInspection {
	source: string;
	version: number;
	architecture: string | null;
	contextLength: number | null;
	parameterCount: number;
	/** Exact bytes of all tensor data (sum of each tensor's blocks). */
	weightBytes: number;
	/** Bytes of MoE expert tensors (names containing "_exps"). */
	expertWeightBytes: number;
	tensorCount: number;
	/** Sorted by bytes, largest first. */
	tensorTypes: GgufTensorTypeShare[];
	/** The type holding most weight bytes. */
	dominantType: string | null;
	metadata: GgufKeyMetadata;
}
