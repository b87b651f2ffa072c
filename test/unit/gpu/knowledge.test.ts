import {
	ARCHITECTURES,
	GPU_CATALOG,
	architectureForApple,
	architectureForComputeCapability,
	architectureForGfxTarget,
	closestCatalogIds,
	findGpuInCatalog,
	gpuFromCatalog,
	normalizeComputeCapability,
	resolveGpu,
} from '../../../lib/knowledge/index-gpu';
import { OverlayError } from '../../../lib/errors';
import type { TensorFormat } from '../../../lib/types';

const VOCABULARY: TensorFormat[] = ['FP64', 'TF32', 'BF16', 'FP16', 'FP8', 'FP6', 'FP4', 'MXFP4', 'NVFP4', 'INT8', 'INT4'];

describe('architecture table invariants', () => {
	it.each(ARCHITECTURES.map((row) => [row.isa, row] as const))('%s has native formats from the vocabulary and a source', (_isa, row) => {
		expect(row.nativeFormats.length).toBeGreaterThan(0);
		for (const format of row.nativeFormats) expect(VOCABULARY).toContain(format);
		expect(new Set(row.nativeFormats).size).toBe(row.nativeFormats.length);
		expect(row.source.trim().length).toBeGreaterThan(10);
	});

	it('covers every compute capability, gfx target and Apple generation the product promises', () => {
		for (const cc of ['7.0', '7.2', '7.5', '8.0', '8.6', '8.7', '8.9', '9.0', '10.0', '10.3', '11.0', '12.0', '12.1']) {
			expect(architectureForComputeCapability(cc)?.computeCapability).toBe(cc);
		}
		for (const gfx of ['gfx90a', 'gfx942', 'gfx950', 'gfx1100', 'gfx1101', 'gfx1102', 'gfx1200', 'gfx1201']) {
			expect(architectureForGfxTarget(gfx)?.isa).toBe(gfx);
		}
		for (const chip of ['M1', 'M2', 'M3', 'M4']) expect(architectureForApple(chip)?.appleChip).toBe(chip);
	});

	it('keeps sm_100 (tcgen05, Tensor Memory) apart from sm_120 (mma.sync, no TMEM)', () => {
		const sm100 = architectureForComputeCapability('10.0')!;
		const sm120 = architectureForComputeCapability('12.0')!;
		expect(sm100.architecture).toBe('Blackwell');
		expect(sm120.architecture).toBe('Blackwell');
		expect(sm100.mmaInstruction).toBe('tcgen05.mma');
		expect(sm120.mmaInstruction).toBe('mma.sync');
		expect(sm100.tensorMemory).toBe(true);
		expect(sm120.tensorMemory).toBe(false);
		expect(sm100.family).not.toBe(sm120.family);
		expect(sm100.notes).not.toBe(sm120.notes);
		expect(sm120.notes).toMatch(/no tcgen05/i);
		for (const cc of ['10.0', '10.3', '11.0']) expect(architectureForComputeCapability(cc)!.mmaInstruction).toBe('tcgen05.mma');
		for (const cc of ['12.0', '12.1']) expect(architectureForComputeCapability(cc)!.tensorMemory).toBe(false);
	});

	it('puts FP8, FP4 and INT4 on the right compute capabilities', () => {
		const has = (cc: string, format: TensorFormat) => architectureForComputeCapability(cc)!.nativeFormats.includes(format);
		const all = ARCHITECTURES.filter((row) => row.computeCapability).map((row) => row.computeCapability as string);
		expect(all.filter((cc) => has(cc, 'FP8'))).toEqual(['8.9', '9.0', '10.0', '10.3', '11.0', '12.0', '12.1']);
		expect(all.filter((cc) => has(cc, 'NVFP4'))).toEqual(['10.0', '10.3', '11.0', '12.0', '12.1']);
		expect(all.filter((cc) => has(cc, 'MXFP4'))).toEqual(['10.0', '10.3', '11.0', '12.0', '12.1']);
		expect(all.filter((cc) => has(cc, 'INT4'))).toEqual(['7.5', '8.0', '8.6', '8.7', '8.9']);
		expect(all.filter((cc) => has(cc, 'BF16'))).toEqual(all.filter((cc) => Number(cc) >= 8));
	});

	it('reads compute capabilities and gfx targets in the forms tools print them', () => {
		expect(normalizeComputeCapability('sm_120a')).toBe('12.0');
		expect(normalizeComputeCapability('90')).toBe('9.0');
		expect(normalizeComputeCapability('12')).toBe('12.0');
		expect(normalizeComputeCapability('8.9')).toBe('8.9');
		expect(normalizeComputeCapability('[N/A]')).toBeNull();
		// Older rocm-smi mis-decodes gfx targets whose minor digit is 0.
		expect(architectureForGfxTarget('gfx9010')?.isa).toBe('gfx90a');
		expect(architectureForGfxTarget('gfx11000')?.isa).toBe('gfx1100');
		expect(architectureForGfxTarget('gfx12001')?.isa).toBe('gfx1201');
		expect(architectureForGfxTarget('amdgcn-amd-amdhsa--gfx942:sramecc+:xnack-')?.isa).toBe('gfx942');
		expect(architectureForApple('Apple M3 Max')?.isa).toBe('apple-m3');
		expect(architectureForApple('Apple Silicon')).toBeNull();
	});
});

describe('GPU catalog invariants', () => {
	it.each(GPU_CATALOG.map((row) => [row.id, row] as const))('%s resolves to an architecture with native formats', (_id, row) => {
		const gpu = resolveGpu({ name: row.names[0] });
		expect(gpu.catalogId).toBe(row.id);
		expect(gpu.architecture).not.toBe('Unknown');
		expect(gpu.nativeFormats.length).toBeGreaterThan(0);
		expect(gpu.vendor).toBe(row.vendor);
		expect(row.source.trim().length).toBeGreaterThan(5);
		expect(row.memoryMiB).toBeGreaterThan(1024);
	});

	it('has unique ids and no name claimed by two rows', () => {
		expect(new Set(GPU_CATALOG.map((row) => row.id)).size).toBe(GPU_CATALOG.length);
		for (const row of GPU_CATALOG) for (const name of row.names) expect(findGpuInCatalog(name)?.id).toBe(row.id);
	});

	it('includes every GPU the issue lists', () => {
		const required = [
			'Tesla V100-SXM2-16GB', 'Tesla V100-SXM2-32GB', 'Tesla T4', 'NVIDIA GeForce RTX 3090', 'NVIDIA A10', 'NVIDIA A100-PCIE-40GB',
			'NVIDIA A100-SXM4-40GB', 'NVIDIA A100 80GB PCIe', 'NVIDIA A100-SXM4-80GB', 'NVIDIA GeForce RTX 4090', 'NVIDIA RTX 6000 Ada Generation',
			'NVIDIA L4', 'NVIDIA L40S', 'NVIDIA H100 PCIe', 'NVIDIA H100 80GB HBM3', 'NVIDIA H200', 'NVIDIA GH200 480GB', 'NVIDIA B200',
			'NVIDIA B300 SXM6 AC', 'NVIDIA GeForce RTX 5080', 'NVIDIA GeForce RTX 5090', 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition',
			'NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition', 'NVIDIA RTX PRO 6000 Blackwell Server Edition', 'NVIDIA GB10',
			'AMD Instinct MI300X', 'AMD Instinct MI355X', 'Apple M3 Max', 'Apple M4 Max', 'Apple M2 Ultra', 'Apple M3 Ultra',
		];
		for (const name of required) expect(findGpuInCatalog(name)).not.toBeNull();
	});

	it('matches names tolerantly (case, vendor prefix, spaces and hyphens, ids)', () => {
		expect(findGpuInCatalog('h100')?.id).toBe('h100-sxm');
		expect(findGpuInCatalog('H100 80GB HBM3')?.id).toBe('h100-sxm');
		expect(findGpuInCatalog('rtx-pro-6000-blackwell')?.memoryMiB).toBe(97887);
		expect(findGpuInCatalog('nvidia rtx pro 6000 blackwell workstation edition')?.id).toBe('rtx-pro-6000-blackwell');
		expect(findGpuInCatalog('RTX 5090')?.id).toBe('rtx-5090');
		expect(findGpuInCatalog('a100-sxm4-80gb')?.id).toBe('a100-80gb-sxm4');
		expect(findGpuInCatalog('dgx spark')?.id).toBe('gb10');
		expect(findGpuInCatalog('A10')?.id).toBe('a10');
		expect(findGpuInCatalog('A1000')).toBeNull();
	});
});

describe('resolveGpu', () => {
	it('fills compute capability from the catalog when the driver did not report it', () => {
		const gpu = resolveGpu({ name: 'Tesla V100-SXM2-32GB', memoryTotalMiB: 32510, source: 'nvidia-smi' });
		expect(gpu).toMatchObject({ computeCapability: '7.0', computeCapabilitySource: 'catalog', isa: 'sm_70', architecture: 'Volta' });
		expect(gpu.memoryTotalMiB).toBe(32510);
		expect(gpu.memoryBandwidthGBps).toBe(900);
	});

	it('prefers the driver-reported compute capability and resolves names outside the catalog', () => {
		const gpu = resolveGpu({ name: 'NVIDIA RTX PRO 4500 Blackwell', computeCapability: '12.0', source: 'nvidia-smi' });
		expect(gpu).toMatchObject({ catalogId: null, computeCapabilitySource: 'driver', isa: 'sm_120', architecture: 'Blackwell' });
		expect(gpu.nativeFormats).toContain('NVFP4');
	});

	it('leaves an unknown GPU without compute capability as Unknown with no formats', () => {
		const gpu = resolveGpu({ name: 'NVIDIA Mystery Card' });
		expect(gpu).toMatchObject({ architecture: 'Unknown', nativeFormats: [], computeCapability: null, computeCapabilitySource: null });
	});

	it('resolves AMD and Apple names through the catalog', () => {
		expect(resolveGpu({ name: 'AMD Instinct MI355X' })).toMatchObject({ isa: 'gfx950', architecture: 'CDNA 4', vendor: 'amd' });
		expect(resolveGpu({ name: 'Apple M4 Max' })).toMatchObject({ isa: 'apple-m4', vendor: 'apple', unifiedMemory: true });
		expect(resolveGpu({ name: 'Apple M5 Pro' }).vendor).toBe('apple');
	});
});

describe('gpuFromCatalog', () => {
	it('builds a planning GPU with catalog memory and unknown free memory', () => {
		const gpu = gpuFromCatalog('rtx-pro-6000-blackwell', 2);
		expect(gpu).toMatchObject({
			index: 2,
			name: 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition',
			memoryTotalMiB: 97887,
			memoryFreeMiB: null,
			computeCapability: '12.0',
			computeCapabilitySource: 'catalog',
			source: 'catalog',
			catalogId: 'rtx-pro-6000-blackwell',
		});
		expect(gpuFromCatalog('gb10').unifiedMemory).toBe(true);
	});

	it('throws an input error listing close catalog names for an unknown GPU', () => {
		expect.assertions(4);
		try {
			gpuFromCatalog('H100 SXM6');
		} catch (error) {
			expect(error).toBeInstanceOf(OverlayError);
			expect((error as OverlayError).kind).toBe('input');
			expect((error as OverlayError).hint).toMatch(/h100/);
		}
		expect(closestCatalogIds('rtx 5070')[0]).toMatch(/rtx-50/);
	});
});
