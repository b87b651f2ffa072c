import { formatSupport, EXPLAINED_FORMATS } from '../../../lib/gpu';
import { gpuFromCatalog } from '../../../lib/knowledge/index-gpu';

describe('formatSupport', () => {
	test('sm_120 runs FP4 block-scaled through mma.sync; sm_100 through tcgen05 with Tensor Memory', () => {
		const rtx = formatSupport(gpuFromCatalog('rtx-pro-6000-blackwell'));
		expect(rtx.FP4).toBe('yes: native on the Blackwell sm_120 tensor cores (block-scaled mma.sync)');
		expect(rtx.FP8).toBe('yes: native on the Blackwell sm_120 tensor cores (mma.sync)');
		const b200 = formatSupport(gpuFromCatalog('B200'));
		expect(b200.NVFP4).toBe('yes: native on the Blackwell sm_100 tensor cores (block-scaled tcgen05.mma, Tensor Memory)');
	});

	test('Hopper has FP8 but no FP4; every explained format gets an answer', () => {
		const h100 = formatSupport(gpuFromCatalog('H100'));
		expect(Object.keys(h100)).toEqual(EXPLAINED_FORMATS.map((row) => row.format));
		expect(h100.FP8).toMatch(/^yes: native on the Hopper sm_90 tensor cores/);
		expect(h100.FP4).toBe('no: not a native tensor-core format here (engines dequantize it or have no path)');
	});

	test('without a known MMA instruction the sentence leaves it out', () => {
		expect(formatSupport({ architecture: 'Blackwell', isa: null, nativeFormats: ['FP4'], mmaInstruction: null, tensorMemory: false }).FP4).toBe(
			'yes: native on the Blackwell tensor cores',
		);
	});
});
