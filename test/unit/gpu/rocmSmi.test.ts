import { parseRocmSmi } from '../../../lib/gpu';
import { fixture } from './fixtures';

describe('parseRocmSmi', () => {
	it('reads 8x MI300X (strings, bytes)', () => {
		const gpus = parseRocmSmi(fixture('rocm-smi-mi300x-8x.json'));
		expect(gpus).toHaveLength(8);
		expect(gpus[0]).toMatchObject({
			index: 0,
			name: 'AMD Instinct MI300X OAM',
			vendor: 'amd',
			memoryTotalMiB: 196288,
			memoryUsedMiB: 286,
			memoryFreeMiB: 196002,
			isa: 'gfx942',
			architecture: 'CDNA 3',
			computeCapability: null,
			catalogId: 'mi300x',
			source: 'rocm-smi',
		});
		expect(gpus[2].memoryUsedMiB).toBe(166187);
		expect(gpus[0].nativeFormats).toContain('FP8');
		expect(gpus[0].nativeFormats).not.toContain('MXFP4');
	});

	it('accepts an already parsed object and orders cards numerically', () => {
		const data = JSON.parse(fixture('rocm-smi-mi300x-8x.json'));
		const reordered = { card10: { ...data.card0 }, card2: data.card2, system: { 'Driver version': '6.8.5' } };
		expect(parseRocmSmi(reordered).map((gpu) => gpu.index)).toEqual([2, 10]);
	});

	it('repairs an older rocm-smi (hex series, mis-decoded "gfx9010")', () => {
		const [gpu] = parseRocmSmi(fixture('rocm-smi-mi210-old.json'));
		expect(gpu).toMatchObject({ name: 'D67301', isa: 'gfx90a', architecture: 'CDNA 2', memoryTotalMiB: 65520 });
	});

	it('falls back to the catalog for the gfx target when GFX Version is missing', () => {
		const [gpu] = parseRocmSmi({ card0: { 'Card Series': 'AMD Instinct MI355X', 'VRAM Total Memory (B)': '309220868096' } });
		expect(gpu).toMatchObject({ isa: 'gfx950', architecture: 'CDNA 4' });
		expect(gpu.nativeFormats).toContain('MXFP4');
	});

	it('rejects output that is not JSON', () => {
		expect(() => parseRocmSmi('ERROR: No AMD GPUs specified')).toThrow(/not JSON/);
	});
});
