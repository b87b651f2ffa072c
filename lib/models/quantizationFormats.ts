/**
 * The checkpoint format a config.json's quantization_config names, one row per way of writing it.
 * The first row whose method matches and whose test (if any) passes wins; a method no row knows
 * leaves the format to torch_dtype (and the model's note says so).
 */
type Json = Record<string, unknown>;

export interface QuantizationRow {
	/** quant_method values (lower case). */
	methods: readonly string[];
	/** Extra condition on the quantization_config object. */
	when?: (config: Json) => boolean;
	format: string;
	source: string;
}

/** modelopt writes the algorithm at the top of quantization_config or under "quantization" (hf_quant_config.json). */
function modeloptAlgo(config: Json): string {
	return String(config.quant_algo ?? (config.quantization as Json | undefined)?.quant_algo ?? '').toUpperCase();
}

/** compressed-tensors: the weights' QuantizationArgs of every config group, and the packing format. */
function compressedWeights(config: Json): Array<{ numBits: number; type: string; format: string }> {
	const groups = (config.config_groups ?? {}) as Record<string, Json>;
	return Object.values(groups).map((group) => {
		const weights = (group?.weights ?? {}) as Json;
		return { numBits: Number(weights.num_bits), type: String(weights.type ?? 'int'), format: String(group?.format ?? config.format ?? '') };
	});
}

const VLLM_QUANT = 'https://github.com/vllm-project/vllm/tree/main/vllm/model_executor/layers/quantization';
const COMPRESSED = `https://github.com/neuralmagic/compressed-tensors/blob/main/src/compressed_tensors/quantization/quant_args.py; ${VLLM_QUANT}/compressed_tensors/compressed_tensors.py`;
const isCompressed = (config: Json, test: (w: { numBits: number; type: string; format: string }) => boolean) => compressedWeights(config).some(test);

export const QUANTIZATION_FORMATS: readonly QuantizationRow[] = [
	{ methods: ['mxfp4', 'gpt_oss_mxfp4'], format: 'MXFP4', source: 'https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json (quant_method "mxfp4")' },
	{ methods: ['modelopt', 'modelopt_fp4'], when: (c) => modeloptAlgo(c).includes('NVFP4') || c.quant_method === 'modelopt_fp4', format: 'NVFP4', source: `${VLLM_QUANT}/modelopt.py (quant_algo NVFP4)` },
	{ methods: ['modelopt'], when: (c) => modeloptAlgo(c).includes('FP8'), format: 'FP8', source: `${VLLM_QUANT}/modelopt.py (quant_algo FP8)` },
	{ methods: ['fp8', 'fbgemm_fp8'], format: 'FP8', source: 'https://huggingface.co/Qwen/Qwen3-30B-A3B-FP8/blob/main/config.json (quant_method "fp8", weight_block_size [128, 128])' },
	{ methods: ['awq'], format: 'AWQ', source: `${VLLM_QUANT}/awq.py` },
	{ methods: ['gptq'], format: 'GPTQ', source: `${VLLM_QUANT}/gptq.py` },
	{ methods: ['compressed-tensors', 'compressed_tensors'], when: (c) => isCompressed(c, (w) => w.format.includes('nvfp4') || (w.type === 'float' && w.numBits === 4)), format: 'NVFP4', source: COMPRESSED },
	{ methods: ['compressed-tensors', 'compressed_tensors'], when: (c) => isCompressed(c, (w) => w.format.includes('mxfp4')), format: 'MXFP4', source: COMPRESSED },
	{ methods: ['compressed-tensors', 'compressed_tensors'], when: (c) => isCompressed(c, (w) => w.type === 'float' && w.numBits === 8), format: 'FP8', source: COMPRESSED },
	{ methods: ['compressed-tensors', 'compressed_tensors'], when: (c) => isCompressed(c, (w) => w.type === 'int' && w.numBits === 8), format: 'INT8', source: COMPRESSED },
	{ methods: ['compressed-tensors', 'compressed_tensors'], when: (c) => isCompressed(c, (w) => w.type === 'int' && w.numBits === 4), format: 'GPTQ', source: `${COMPRESSED} (W4A16 int4: the Marlin path GPTQ takes)` },
];

/** Maps quantization_config (or compression_config) to a format id of lib/knowledge/formats.ts; null when none or unknown. */
export function formatFromQuantizationConfig(config: Json): string | null {
	const q = config.quantization_config ?? config.compression_config;
	if (!q || typeof q !== 'object') return null;
	const quant = q as Json;
	const producer = (quant.producer as Json | undefined)?.name;
	const method = String(quant.quant_method ?? (producer === 'modelopt' ? 'modelopt' : '')).toLowerCase();
	return QUANTIZATION_FORMATS.find((row) => row.methods.includes(method) && (!row.when || row.when(quant)))?.format ?? null;
}
