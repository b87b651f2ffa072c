import { OverlayError } from '../../../lib/errors';
import { NVIDIA_SMI_COMMAND, NVIDIA_SMI_QUERY_FIELDS, parseNvidiaSmi } from '../../../lib/gpu';
import { fixture } from './fixtures';

describe('parseNvidiaSmi on CSV with header and units', () => {
	it('reads 8x H100 80GB HBM3', () => {
		const gpus = parseNvidiaSmi(fixture('nvidia-smi-h100-8x.csv'));
		expect(gpus).toHaveLength(8);
		expect(gpus.map((gpu) => gpu.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(gpus[0]).toMatchObject({
			name: 'NVIDIA H100 80GB HBM3',
			vendor: 'nvidia',
			uuid: 'GPU-a4c123b1-612d-d272-d137-1c17149d4395',
			memoryTotalMiB: 81559,
			memoryUsedMiB: 72411,
			memoryFreeMiB: 8593,
			computeCapability: '9.0',
			computeCapabilitySource: 'driver',
			isa: 'sm_90',
			architecture: 'Hopper',
			driverVersion: '570.124.06',
			pciBusId: '00000000:18:00.0',
			utilizationPercent: 97,
			temperatureC: 61,
			powerDrawW: 512.34,
			unifiedMemory: false,
			catalogId: 'h100-sxm',
			memoryBandwidthGBps: 3350,
			source: 'nvidia-smi',
			mig: null,
		});
		expect(gpus[0].nativeFormats).toEqual(['FP64', 'TF32', 'BF16', 'FP16', 'FP8', 'INT8']);
		expect(gpus[7].memoryFreeMiB).toBe(81003);
	});

	it('reads the RTX PRO 6000 Blackwell Workstation Edition as sm_120 with FP4', () => {
		const [gpu] = parseNvidiaSmi(fixture('nvidia-smi-rtx-pro-6000-blackwell.csv'));
		expect(gpu).toMatchObject({ memoryTotalMiB: 97887, computeCapability: '12.0', isa: 'sm_120', architecture: 'Blackwell' });
		expect(gpu.nativeFormats).toEqual(expect.arrayContaining(['FP4', 'FP6', 'FP8', 'MXFP4', 'NVFP4', 'BF16', 'TF32', 'INT8']));
		expect(gpu.catalogId).toBe('rtx-pro-6000-blackwell');
	});

	it('reads a GeForce RTX 5090', () => {
		const [gpu] = parseNvidiaSmi(fixture('nvidia-smi-rtx-5090.csv'));
		expect(gpu).toMatchObject({ name: 'NVIDIA GeForce RTX 5090', memoryTotalMiB: 32607, memoryFreeMiB: 30926, isa: 'sm_120' });
	});

	it('reads 4x A100-SXM4-80GB (Ampere: BF16, no FP8)', () => {
		const gpus = parseNvidiaSmi(fixture('nvidia-smi-a100-sxm4-80gb.csv'));
		expect(gpus).toHaveLength(4);
		expect(gpus[3]).toMatchObject({ index: 3, memoryTotalMiB: 81920, computeCapability: '8.0', architecture: 'Ampere' });
		expect(gpus[3].nativeFormats).toContain('BF16');
		expect(gpus[3].nativeFormats).not.toContain('FP8');
	});

	it('reads a Tesla T4 (Turing: FP16/INT8, no BF16)', () => {
		const [gpu] = parseNvidiaSmi(fixture('nvidia-smi-t4.csv'));
		expect(gpu).toMatchObject({ name: 'Tesla T4', memoryTotalMiB: 15360, isa: 'sm_75', architecture: 'Turing' });
		expect(gpu.nativeFormats).toEqual(['FP16', 'INT8', 'INT4']);
	});

	it('flags GB10 as unified memory when memory is [N/A]', () => {
		const [gpu] = parseNvidiaSmi(fixture('nvidia-smi-gb10.csv'));
		expect(gpu).toMatchObject({
			name: 'NVIDIA GB10',
			memoryTotalMiB: null,
			memoryUsedMiB: null,
			memoryFreeMiB: null,
			powerDrawW: null,
			utilizationPercent: 0,
			unifiedMemory: true,
			computeCapability: '12.1',
			isa: 'sm_121',
			pciBusId: '0000000F:01:00.0',
		});
	});

	it('reads an old driver without compute_cap, taking the compute capability from the catalog', () => {
		const gpus = parseNvidiaSmi(fixture('nvidia-smi-old-driver.csv'));
		expect(gpus).toHaveLength(2);
		expect(gpus[1]).toMatchObject({
			name: 'Tesla V100-SXM2-32GB',
			computeCapability: '7.0',
			computeCapabilitySource: 'catalog',
			driverVersion: '470.182.03',
			memoryTotalMiB: 32510,
		});
	});
});

describe('parseNvidiaSmi on other CSV shapes', () => {
	it('reads any field order, aliases and nounits', () => {
		const text = 'compute_cap, gpu_name, memory.free, memory.total, index\n8.9, NVIDIA L40S, 45000, 46068, 3\n';
		const [gpu] = parseNvidiaSmi(text);
		expect(gpu).toMatchObject({ index: 3, name: 'NVIDIA L40S', memoryTotalMiB: 46068, memoryFreeMiB: 45000, architecture: 'Ada Lovelace' });
	});

	it('reads the bare "Not Supported" form and ATS addressing as unified memory', () => {
		const text = 'name, memory.total, memory.used\nNVIDIA GB10, Not Supported, Not Supported\n';
		expect(parseNvidiaSmi(text)[0]).toMatchObject({ memoryTotalMiB: null, unifiedMemory: true });
		const thor = 'addressing_mode, memory.total, name\nATS, [N/A], NVIDIA Thor\n';
		expect(parseNvidiaSmi(thor)[0]).toMatchObject({ unifiedMemory: true, memoryTotalMiB: null });
	});

	it('reads csv,noheader when the caller names the fields', () => {
		const text = '0, NVIDIA H100 PCIe, 81559, 9.0\n1, NVIDIA H100 PCIe, 81559, 9.0\n';
		const gpus = parseNvidiaSmi(text, { fields: ['index', 'name', 'memory.total', 'compute_cap'] });
		expect(gpus.map((gpu) => [gpu.index, gpu.catalogId, gpu.memoryTotalMiB])).toEqual([
			[0, 'h100-pcie', 81559],
			[1, 'h100-pcie', 81559],
		]);
	});

	it('reads csv,noheader,nounits of the standard query without being told the fields', () => {
		const line = '0, NVIDIA H100 80GB HBM3, GPU-x, 81559, 1, 81003, 9.0, 570.124.06, 00000000:18:00.0, 0, 31, 69.88';
		expect(line.split(',')).toHaveLength(NVIDIA_SMI_QUERY_FIELDS.length);
		expect(parseNvidiaSmi(line)[0]).toMatchObject({ memoryFreeMiB: 81003, powerDrawW: 69.88, computeCapability: '9.0' });
	});

	it('reads the MIG mode field', () => {
		const [gpu] = parseNvidiaSmi('name, mig.mode.current, utilization.gpu [%]\nNVIDIA A100-SXM4-80GB, Enabled, [N/A]\n');
		expect(gpu.mig).toEqual({ enabled: true, instances: [] });
		expect(gpu.utilizationPercent).toBeNull();
	});

	it('returns no GPU for "No devices were found" and for empty output', () => {
		expect(parseNvidiaSmi('No devices were found\n')).toEqual([]);
		expect(parseNvidiaSmi('  \n')).toEqual([]);
	});

	it('picks up the CUDA version from a banner line in the same text', () => {
		const text = `CUDA Version: 12.8\n${fixture('nvidia-smi-t4.csv')}`;
		expect(parseNvidiaSmi(text)[0].cudaVersion).toBe('12.8');
	});

	it('rejects text that is not nvidia-smi CSV with an input error naming the command', () => {
		expect.assertions(3);
		try {
			parseNvidiaSmi('| NVIDIA-SMI 570.133.07   Driver Version: 570.133.07   CUDA Version: 12.8 |');
		} catch (error) {
			expect(error).toBeInstanceOf(OverlayError);
			expect((error as OverlayError).kind).toBe('input');
			expect((error as OverlayError).hint).toContain(NVIDIA_SMI_COMMAND);
		}
	});

	it('rejects a row whose value count does not match the header', () => {
		expect(() => parseNvidiaSmi('name, memory.total\nNVIDIA L4, 23034, extra\n')).toThrow(/2 fields/);
	});
});
