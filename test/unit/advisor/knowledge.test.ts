import { ENGINE_SUPPORT, FORMATS, MODELS, compareEngineVersions, findFormat, supportFor } from '../../../lib/advisor';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';
import { GPU_CATALOG } from '../../../lib/knowledge/gpus';

describe('knowledge tables', () => {
	it('every format row has a source, a layout and sensible bits per weight', () => {
		for (const row of FORMATS) {
			expect(row.source.length).toBeGreaterThan(10);
			expect(row.layout.length).toBeGreaterThan(5);
			expect(row.bitsPerWeight).toBeGreaterThan(2);
			expect(row.bitsPerWeight).toBeLessThanOrEqual(16.001);
		}
	});

	it('format bits per weight follow from the block layouts', () => {
		expect(findFormat('MXFP4', 'safetensors')!.bitsPerWeight).toBe((17 * 8) / 32);
		expect(findFormat('MXFP4', 'gguf')!.ggmlType).toBe(39);
		expect(findFormat('NVFP4', 'safetensors')!.bitsPerWeight).toBe((9 * 8) / 16);
		expect(findFormat('Q8_0', 'gguf')!.bitsPerWeight).toBeCloseTo((34 * 8) / 32, 2);
		expect(findFormat('Q6_K', 'gguf')!.bitsPerWeight).toBeCloseTo((210 * 8) / 256, 2);
		expect(findFormat('Q4_K', 'gguf')!.bitsPerWeight).toBe((144 * 8) / 256);
		expect(findFormat('Q4_0', 'gguf')!.bitsPerWeight).toBe((18 * 8) / 32);
		expect(findFormat('Q5_K', 'gguf')!.bitsPerWeight).toBe((176 * 8) / 256);
		expect(findFormat('Q3_K', 'gguf')!.bitsPerWeight).toBe((110 * 8) / 256);
		expect(findFormat('AWQ', 'safetensors')!.bitsPerWeight).toBe(4.15625);
	});

	it('every engine-support row has a source, a kernel and a note; pending rows are never the only NVIDIA path', () => {
		for (const row of ENGINE_SUPPORT) {
			expect(row.source.length).toBeGreaterThan(10);
			expect(row.kernel.length).toBeGreaterThan(2);
			expect(row.note.length).toBeGreaterThan(5);
			if (row.vendor === 'nvidia') expect(row.minCc).toBeDefined();
		}
	});

	it('every catalog model has a source and checkpoints with sources; heads divide evenly', () => {
		for (const model of MODELS) {
			expect(model.source).toBeTruthy();
			expect(model.layerTypes).toHaveLength(model.numLayers);
			expect(model.numAttentionHeads % model.numKeyValueHeads).toBe(0);
			for (const c of model.checkpoints) {
				expect(c.source).toBeTruthy();
				expect(findFormat(c.format, c.checkpoint)).toBeDefined();
			}
		}
	});

	it('sm_100 and sm_120 differ: vLLM MXFP4 native vs weight-only, llama.cpp MXFP4 int8-dot vs native', () => {
		const b200 = gpuFromCatalog('b200');
		const pro = gpuFromCatalog('rtx-pro-6000-blackwell');
		const st = findFormat('MXFP4', 'safetensors')!;
		const gg = findFormat('MXFP4', 'gguf')!;
		expect(supportFor('vllm', st, b200).execution).toBe('native');
		expect(supportFor('vllm', st, pro).execution).toBe('weight-only');
		expect(supportFor('llama.cpp', gg, b200).execution).toBe('int8-dot');
		expect(supportFor('llama.cpp', gg, pro).execution).toBe('native');
		expect(supportFor('lmstudio', gg, pro).execution).toBe('native');
	});

	it('FP8 needs 8.9 natively; Ampere runs it weight-only; Volta not at all; Turing has no vLLM MXFP4', () => {
		const fp8 = findFormat('FP8', 'safetensors')!;
		expect(supportFor('vllm', fp8, gpuFromCatalog('l40s')).execution).toBe('native');
		expect(supportFor('vllm', fp8, gpuFromCatalog('a100-80gb-sxm4')).execution).toBe('weight-only');
		expect(supportFor('vllm', fp8, gpuFromCatalog('v100-32gb')).execution).toBe('unsupported');
		expect(supportFor('vllm', findFormat('MXFP4', 'safetensors')!, gpuFromCatalog('t4')).execution).toBe('unsupported');
	});

	it('version-dependent rows apply by version', () => {
		const gg = findFormat('MXFP4', 'gguf')!;
		const pro = gpuFromCatalog('rtx-5090');
		expect(supportFor('llama.cpp', gg, pro, 'b7535').execution).toBe('int8-dot');
		expect(supportFor('llama.cpp', gg, pro, 'b7536').execution).toBe('native');
		const st = findFormat('MXFP4', 'safetensors')!;
		expect(supportFor('vllm', st, gpuFromCatalog('b200'), '0.10.1').row?.env).toEqual({ VLLM_USE_FLASHINFER_MXFP4_MOE: '1' });
		expect(supportFor('vllm', st, gpuFromCatalog('b200'), '0.11.0').row?.env).toEqual({ VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8: '1' });
		expect(compareEngineVersions('0.10.2', '0.9.9')).toBe(1);
		expect(compareEngineVersions('b7536', 'b7536')).toBe(0);
	});

	it('every NVIDIA catalog GPU gets a vLLM BF16 or FP16 path and a llama.cpp GGUF path', () => {
		for (const row of GPU_CATALOG.filter((g) => g.vendor === 'nvidia')) {
			const gpu = gpuFromCatalog(row.id);
			const float = ['BF16', 'FP16'].map((f) => supportFor('vllm', findFormat(f, 'safetensors')!, gpu).execution);
			expect(float).toContain('native');
			expect(supportFor('llama.cpp', findFormat('Q4_K_M', 'gguf')!, gpu).execution).not.toBe('unsupported');
		}
	});
});
