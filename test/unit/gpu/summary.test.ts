import { describeGpus, detectGpuTextFormat, parseGpuText, parseNvidiaSmi, summarizeGpus } from '../../../lib/gpu';
import { gpuFromCatalog } from '../../../lib/knowledge/index-gpu';
import { fixture } from './fixtures';

describe('summarizeGpus / describeGpus', () => {
	it('sums memory and keeps the formats every GPU shares', () => {
		const gpus = [...parseNvidiaSmi(fixture('nvidia-smi-t4.csv')), ...parseNvidiaSmi(fixture('nvidia-smi-rtx-5090.csv'))];
		const summary = summarizeGpus(gpus);
		expect(summary).toEqual({
			count: 2,
			totalMemoryMiB: 15360 + 32607,
			freeMemoryMiB: 14930 + 30926,
			commonNativeFormats: ['FP16', 'INT8'],
			architectures: ['Turing', 'Blackwell'],
		});
		expect(describeGpus(gpus, summary)).toBe(
			'1 x Tesla T4 (Turing, sm_75) + 1 x NVIDIA GeForce RTX 5090 (Blackwell, sm_120): 47967 MiB (46.8 GiB) total, 45856 MiB (44.8 GiB) free; native tensor-core formats: FP16, INT8.',
		);
	});

	it('reports unknown totals as null and an empty list plainly', () => {
		expect(summarizeGpus([gpuFromCatalog('h100-sxm'), ...parseNvidiaSmi(fixture('nvidia-smi-gb10.csv'))])).toMatchObject({
			totalMemoryMiB: null,
			freeMemoryMiB: null,
		});
		expect(summarizeGpus([])).toEqual({ count: 0, totalMemoryMiB: 0, freeMemoryMiB: 0, commonNativeFormats: [], architectures: [] });
		expect(describeGpus([])).toBe('No GPU detected.');
	});
});

describe('parseGpuText', () => {
	it.each([
		['nvidia-smi-h100-8x.csv', 'nvidia-smi', 8, 'nvidia-smi'],
		['nvidia-smi-q-x-h100.xml', 'nvidia-smi', 1, 'nvidia-smi-xml'],
		['rocm-smi-mi300x-8x.json', 'rocm-smi', 8, 'rocm-smi'],
		['dcgm-exporter-h100.prom', 'dcgm', 2, 'dcgm'],
	])('recognises %s', (file, format, count, source) => {
		const text = fixture(file);
		expect(detectGpuTextFormat(text)).toBe(format);
		const gpus = parseGpuText(text);
		expect(gpus).toHaveLength(count);
		expect(gpus[0].source).toBe(source);
	});
});
