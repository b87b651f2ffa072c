import { parseNvidiaSmi, parseNvidiaSmiXml } from '../../../lib/gpu';
import { fixture } from './fixtures';
import { usableGpus } from '../../../lib/advisor/gpus';

describe('parseNvidiaSmi on `nvidia-smi -q -x` XML', () => {
	it('reads an H100 with units, CUDA version and disabled MIG', () => {
		const [gpu, ...rest] = parseNvidiaSmi(fixture('nvidia-smi-q-x-h100.xml'));
		expect(rest).toHaveLength(0);
		expect(gpu).toMatchObject({
			index: 0,
			name: 'NVIDIA H100 80GB HBM3',
			uuid: 'GPU-a4c123b1-612d-d272-d137-1c17149d4395',
			memoryTotalMiB: 81559,
			memoryUsedMiB: 1,
			memoryFreeMiB: 81003,
			driverVersion: '570.124.06',
			cudaVersion: '12.8',
			computeCapability: '9.0',
			computeCapabilitySource: 'catalog',
			architecture: 'Hopper',
			pciBusId: '00000000:18:00.0',
			utilizationPercent: 0,
			temperatureC: 31,
			powerDrawW: 69.88,
			unifiedMemory: false,
			mig: { enabled: false, instances: [] },
			source: 'nvidia-smi-xml',
		});
	});

	it('reads GB10 as unified memory (N/A memory, ATS addressing)', () => {
		const [gpu] = parseNvidiaSmi(fixture('nvidia-smi-q-x-gb10.xml'));
		expect(gpu).toMatchObject({
			name: 'NVIDIA GB10',
			memoryTotalMiB: null,
			unifiedMemory: true,
			cudaVersion: '13.0',
			computeCapability: '12.1',
			isa: 'sm_121',
			powerDrawW: null,
		});
	});

	it('reports MIG instances per GPU', () => {
		const gpus = parseNvidiaSmiXml(fixture('nvidia-smi-q-x-mig-a100.xml'));
		expect(gpus).toHaveLength(2);
		expect(gpus[0].mig).toEqual({
			enabled: true,
			instances: [
				{ gpuInstanceId: 1, computeInstanceId: 0, profile: null, memoryTotalMiB: 40192 },
				{ gpuInstanceId: 2, computeInstanceId: 0, profile: null, memoryTotalMiB: 40192 },
			],
		});
		expect(gpus[1].mig?.instances.map((instance) => instance.memoryTotalMiB)).toEqual([9728, 9728, 9728]);
		expect(gpus[0].utilizationPercent).toBeNull();
		expect(gpus[1]).toMatchObject({ index: 1, memoryTotalMiB: 81920, architecture: 'Ampere' });
	});

	it('a log without <fb_memory_usage> (older DTDs, trimmed output) leaves a discrete H100 discrete, its memory from the catalog', () => {
		const trimmed = fixture('nvidia-smi-q-x-h100.xml').replace(/<fb_memory_usage>[\s\S]*?<\/fb_memory_usage>/, '');
		expect(trimmed).not.toContain('fb_memory_usage');
		const [gpu] = parseNvidiaSmiXml(trimmed);
		expect(gpu).toMatchObject({ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: null, memoryFreeMiB: null, unifiedMemory: false, catalogId: 'h100-sxm' });
		// The planner takes the memory from the catalog row.
		expect(usableGpus([gpu])[0].totalBytes).toBe(81559 * 1024 ** 2);
	});

	it('rejects XML that is not an nvidia-smi log', () => {
		expect(() => parseNvidiaSmi('<html><body>502</body></html>')).toThrow(/nvidia_smi_log/);
	});
});
