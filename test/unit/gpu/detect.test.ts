import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NVIDIA_SMI_COMMAND, NVIDIA_SMI_QUERY_FIELDS, detectGpus, readMeminfo } from '../../../lib/gpu';
import { FAKE_BIN_DIR, FIXTURE_DIR } from './fixtures';

let scratch: string;
let log: string;
beforeEach(() => {
	scratch = mkdtempSync(join(tmpdir(), 'detect-gpu-'));
	log = join(scratch, 'nvidia-smi.log');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function fakeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	return { ...process.env, PATH: `${FAKE_BIN_DIR}:${process.env.PATH}`, FAKE_NVIDIA_SMI_LOG: log, ...extra };
}

function invocations(): string[][] {
	try {
		return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
	} catch {
		return [];
	}
}

describe('detectGpus with a fake nvidia-smi first on PATH', () => {
	it('lists 8 H100s with one nvidia-smi process and the fixed query', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'h100-8x' }) });
		expect(result.tool).toBe('nvidia-smi');
		expect(result.warnings).toEqual([]);
		expect(result.gpus).toHaveLength(8);
		expect(result.gpus[5]).toMatchObject({ index: 5, memoryTotalMiB: 81559, computeCapabilitySource: 'driver', architecture: 'Hopper' });
		expect(invocations()).toEqual([[`--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`, '--format=csv']]);
		expect(NVIDIA_SMI_COMMAND).toBe(`nvidia-smi ${invocations()[0].join(' ')}`);
	});

	it('re-runs without compute_cap on an old nvidia-smi and takes the compute capability from the catalog', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 't4', FAKE_NVIDIA_SMI_OLD_DRIVER: '1' }) });
		expect(result.gpus).toHaveLength(1);
		expect(result.gpus[0]).toMatchObject({ name: 'Tesla T4', computeCapability: '7.5', computeCapabilitySource: 'catalog', isa: 'sm_75' });
		expect(result.warnings.join(' ')).toMatch(/too old/);
		const calls = invocations();
		expect(calls).toHaveLength(2);
		expect(calls[0][0]).toContain('compute_cap');
		expect(calls[1][0]).not.toContain('compute_cap');
	});

	it('handles the old-driver fixture, whose binary has no compute_cap field at all', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'old-driver' }) });
		expect(result.gpus.map((gpu) => [gpu.name, gpu.computeCapability, gpu.computeCapabilitySource, gpu.driverVersion])).toEqual([
			['Tesla V100-SXM2-32GB', '7.0', 'catalog', '470.182.03'],
			['Tesla V100-SXM2-32GB', '7.0', 'catalog', '470.182.03'],
		]);
	});

	it('takes a unified-memory GPU (GB10) memory from /proc/meminfo', async () => {
		const result = await detectGpus({
			env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'gb10' }),
			meminfoPath: join(FIXTURE_DIR, 'proc-meminfo-gb10.txt'),
		});
		expect(result.gpus[0]).toMatchObject({ unifiedMemory: true, memoryTotalMiB: 125441, memoryFreeMiB: 117063, memoryUsedMiB: 8378 });
		expect(result.warnings.join(' ')).toMatch(/unified memory/);
	});

	it('reads the CUDA version from the banner only when asked', async () => {
		const result = await detectGpus({
			env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'rtx-5090', FAKE_NVIDIA_SMI_CUDA_VERSION: '12.9' }),
			readCudaVersion: true,
		});
		expect(result.gpus[0].cudaVersion).toBe('12.9');
		expect(invocations()).toHaveLength(2);
	});

	it('returns an empty list with the reason when nvidia-smi finds no device', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'none' }) });
		expect(result.gpus).toEqual([]);
		expect(result.tool).toBeNull();
		expect(result.warnings.join(' ')).toMatch(/No devices were found/);
	});

	it('falls back to rocm-smi', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 'none', FAKE_ROCM_SMI_FIXTURE: 'mi300x-8x' }) });
		expect(result.tool).toBe('rocm-smi');
		expect(result.gpus).toHaveLength(8);
		expect(result.gpus[7]).toMatchObject({ index: 7, isa: 'gfx942' });
	});

	it('gives up on a hanging nvidia-smi after the timeout', async () => {
		const result = await detectGpus({ env: fakeEnv({ FAKE_NVIDIA_SMI_FIXTURE: 't4', FAKE_NVIDIA_SMI_DELAY_MS: '5000' }), timeoutMs: 400 });
		expect(result.gpus).toEqual([]);
		expect(result.warnings[0]).toMatch(/did not answer within 400 ms/);
	});
});

describe('detectGpus without GPU tools', () => {
	it('returns an empty list, not an error, when neither binary is on PATH', async () => {
		const result = await detectGpus({ env: { PATH: scratch } });
		expect(result).toEqual({ gpus: [], tool: null, warnings: [expect.stringMatching(/Neither nvidia-smi nor rocm-smi/)] });
	});

	it('treats an explicit path that does not exist as no GPU tool', async () => {
		const result = await detectGpus({ nvidiaSmiPath: join(scratch, 'nope'), rocmSmiPath: join(scratch, 'nope2') });
		expect(result.gpus).toEqual([]);
	});
});

describe('readMeminfo', () => {
	it('reads MemTotal and MemAvailable in MiB, null when the file is missing', async () => {
		expect(await readMeminfo(join(FIXTURE_DIR, 'proc-meminfo-gb10.txt'))).toEqual({ totalMiB: 125441, availableMiB: 117063 });
		expect(await readMeminfo(join(scratch, 'missing'))).toBeNull();
	});
});
