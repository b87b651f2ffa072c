/** The safetensors header reader, the tensor-class rules and the quantization_config table. */
import { readSafetensorsHeader, FIRST_READ_BYTES, MAX_HEADER_BYTES } from '../../../lib/models/hub/safetensors';
import { tensorClass, TENSOR_CLASS_RULES } from '../../../lib/models/hub/tensorClasses';
import { formatFromQuantizationConfig } from '../../../lib/models/quantizationFormats';
import { parseHubId, checkRevision } from '../../../lib/models/hub/hubId';

function file(header: string): Buffer {
	const json = Buffer.from(header);
	const out = Buffer.alloc(8 + json.length + 64);
	out.writeBigUInt64LE(BigInt(json.length), 0);
	json.copy(out, 8);
	return out;
}

function reader(content: Buffer, reads: Array<[number, number]>) {
	return async (start: number, end: number) => {
		reads.push([start, end]);
		return content.subarray(start, Math.min(end + 1, content.length));
	};
}

describe('safetensors header', () => {
	it('the first 8 bytes give the header length; a small header takes one read', async () => {
		const reads: Array<[number, number]> = [];
		const tensors = await readSafetensorsHeader(
			reader(file('{"__metadata__":{"format":"pt"},"a.weight":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},"b":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[12,16]}}'), reads),
			'model.safetensors',
		);
		expect(tensors).toEqual([
			{ name: 'a.weight', dtype: 'BF16', shape: [2, 3], bytes: 12 },
			{ name: 'b', dtype: 'F8_E4M3', shape: [4], bytes: 4 },
		]);
		expect(reads).toEqual([[0, FIRST_READ_BYTES - 1]]);
	});

	it('a header larger than the first read takes exactly one more, for the rest', async () => {
		const entries = Array.from({ length: 6000 }, (_, i) => `"layer.${i}.weight":{"dtype":"BF16","shape":[8],"data_offsets":[${i * 16},${i * 16 + 16}]}`);
		const content = file(`{${entries.join(',')}}`);
		expect(content.length).toBeGreaterThan(FIRST_READ_BYTES);
		const reads: Array<[number, number]> = [];
		const tensors = await readSafetensorsHeader(reader(content, reads), 'model-00001-of-00002.safetensors');
		expect(tensors).toHaveLength(6000);
		expect(reads).toEqual([
			[0, FIRST_READ_BYTES - 1],
			[FIRST_READ_BYTES, 8 + content.readUInt32LE(0) - 1],
		]);
	});

	it.each([
		['a header length past the limit', (() => { const b = Buffer.alloc(16); b.writeBigUInt64LE(BigInt(MAX_HEADER_BYTES) + 1n, 0); return b; })(), /claims/],
		['a file shorter than 8 bytes', Buffer.from('abc'), /shorter than 8 bytes/],
		['a header that is not JSON', file('{"a": '), /not JSON/],
		['a tensor without offsets', file('{"a":{"dtype":"BF16","shape":[2]}}'), /no dtype, shape or data_offsets/],
		['reversed offsets', file('{"a":{"dtype":"BF16","shape":[2],"data_offsets":[8,4]}}'), /no dtype, shape or data_offsets/],
		['a cut header', (() => { const b = Buffer.alloc(12); b.writeBigUInt64LE(100n, 0); return b; })(), /cut short/],
	])('%s is a protocol error', async (_label, content, reason) => {
		await expect(readSafetensorsHeader(reader(content, []), 'x.safetensors')).rejects.toMatchObject({ kind: 'protocol', message: reason });
	});
});

describe('tensor classes', () => {
	it.each([
		['model.embed_tokens.weight', 'embedding'],
		['lm_head.weight', 'output'],
		['model.layers.3.self_attn.q_proj.weight', 'attention'],
		['model.layers.3.self_attn.q_proj.weight_scale_inv', 'attention'],
		['model.layers.3.self_attn.q_proj.bias', 'smallTensors'],
		['model.layers.3.self_attn.q_norm.weight', 'smallTensors'],
		['model.layers.3.self_attn.sinks', 'smallTensors'],
		['model.layers.3.input_layernorm.weight', 'smallTensors'],
		['model.norm.weight', 'smallTensors'],
		['model.layers.3.mlp.gate.weight', 'router'],
		['model.layers.3.mlp.router.bias', 'router'],
		['model.layers.3.mlp.shared_expert_gate.weight', 'router'],
		['model.layers.3.mlp.experts.17.down_proj.weight', 'experts'],
		['model.layers.3.mlp.experts.gate_up_proj_blocks', 'experts'],
		['model.layers.3.mlp.experts.down_proj_bias', 'experts'],
		['model.layers.3.block_sparse_moe.experts.0.w1.weight', 'experts'],
		['model.layers.3.mlp.shared_experts.up_proj.weight', 'denseMlp'],
		['model.layers.3.mlp.gate_proj.qweight', 'denseMlp'],
		['model.layers.61.mlp.experts.0.up_proj.weight', 'notLoaded'],
		['mtp.layers.0.mlp.experts.0.up_proj.weight', 'notLoaded'],
		['model.visual.blocks.0.mlp.fc1.weight', 'other'],
		['multi_modal_projector.linear_1.weight', 'other'],
	])('%s -> %s', (name, expected) => {
		expect(tensorClass(name, 48)).toBe(expected);
	});

	it('every rule has an example it matches and a source', () => {
		for (const rule of TENSOR_CLASS_RULES) {
			expect(rule.source).toMatch(/^https:\/\//);
			expect(rule.example.split(', ').some((name) => rule.pattern.test(name))).toBe(true);
		}
	});
});

describe('quantization_config', () => {
	it.each([
		[{ quant_method: 'mxfp4' }, 'MXFP4'],
		[{ quant_method: 'fp8', fmt: 'e4m3', weight_block_size: [128, 128] }, 'FP8'],
		[{ quant_method: 'modelopt', quant_algo: 'NVFP4' }, 'NVFP4'],
		[{ quant_method: 'modelopt', quant_algo: 'FP8' }, 'FP8'],
		[{ producer: { name: 'modelopt' }, quantization: { quant_algo: 'NVFP4' } }, 'NVFP4'],
		[{ quant_method: 'awq', bits: 4 }, 'AWQ'],
		[{ quant_method: 'gptq', bits: 4 }, 'GPTQ'],
		[{ quant_method: 'compressed-tensors', format: 'nvfp4-pack-quantized', config_groups: { group_0: { weights: { num_bits: 4, type: 'float', group_size: 16 } } } }, 'NVFP4'],
		[{ quant_method: 'compressed-tensors', format: 'float-quantized', config_groups: { group_0: { weights: { num_bits: 8, type: 'float' } } } }, 'FP8'],
		[{ quant_method: 'compressed-tensors', format: 'int-quantized', config_groups: { group_0: { weights: { num_bits: 8, type: 'int' } } } }, 'INT8'],
		[{ quant_method: 'compressed-tensors', format: 'pack-quantized', config_groups: { group_0: { weights: { num_bits: 4, type: 'int', group_size: 128 } } } }, 'GPTQ'],
		[{ quant_method: 'bitsandbytes', load_in_4bit: true }, null],
	])('%j -> %s', (quantization, expected) => {
		expect(formatFromQuantizationConfig({ quantization_config: quantization })).toBe(expected);
	});
});

describe('Hub ids and revisions', () => {
	it.each([
		['Qwen/Qwen3-30B-A3B-FP8', true],
		['openai/gpt-oss-20b', true],
		['org/name.v2', true],
		['models/config.json', false],
		['../etc', false],
		['org/..', false],
		['org/a--b', false],
		['org/name/extra', false],
		['-org/name', false],
		['org/%2e%2e', false],
		['gpt2', false],
	])('%s is a Hub id: %s', (text, expected) => {
		expect(parseHubId(text) !== null).toBe(expected);
	});

	it('revisions are branch, tag or commit names', () => {
		expect(checkRevision(undefined)).toBe('main');
		expect(checkRevision('refs/pr/1')).toBe('refs/pr/1');
		expect(() => checkRevision('../../x')).toThrow(/not a branch/);
		expect(() => checkRevision('main?x=1')).toThrow(/not a branch/);
	});
});
