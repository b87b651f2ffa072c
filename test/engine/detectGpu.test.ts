/** Detect GPU inside the real n8n engine (n8n-core WorkflowExecute). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DetectGpu } from '../../nodes/DetectGpu/DetectGpu.node';
import { runNode } from './harness';

const FIXTURES = resolve(__dirname, '../fixtures/gpu');
const FAKE_BIN = resolve(__dirname, '../fakes/bin');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('Detect GPU node', () => {
	it('catalog mode: plans with N catalog GPUs and sums their memory', async () => {
		const result = await runNode(new DetectGpu(), { source: 'catalog', catalogGpu: 'rtx-pro-6000-blackwell', gpuCount: 2 });
		expect(result.status).toBe('success');
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.gpus).toHaveLength(2);
		expect(out.gpus[1]).toMatchObject({ index: 1, computeCapability: '12.0', source: 'catalog', memoryFreeMiB: null });
		expect(out.summary).toEqual({
			count: 2,
			totalMemoryMiB: 2 * 97887,
			freeMemoryMiB: null,
			commonNativeFormats: ['TF32', 'BF16', 'FP16', 'FP8', 'FP6', 'FP4', 'MXFP4', 'NVFP4', 'INT8'],
			architectures: ['Blackwell'],
		});
		expect(out.text).toMatch(/^2 x NVIDIA RTX PRO 6000 Blackwell Workstation Edition \(Blackwell, sm_120\)/);
	});

	it('text mode: reads nvidia-smi output from each item, one item per GPU on request, paired to its input', async () => {
		const items = [{ stdout: fixture('nvidia-smi-t4.csv') }, { stdout: fixture('nvidia-smi-a100-sxm4-80gb.csv') }];
		const result = await runNode(new DetectGpu(), { source: 'text', text: '={{ $json.stdout }}', options: { onePerGpu: true } }, { items });
		expect(result.status).toBe('success');
		expect(result.last.json.map((gpu) => gpu.name)).toEqual(['Tesla T4', ...Array(4).fill('NVIDIA A100-SXM4-80GB')]);
		expect(result.last.pairedItems).toEqual([0, 1, 1, 1, 1]);
		expect(result.last.json[0]).toMatchObject({ architecture: 'Turing', memoryTotalMiB: 15360, text: expect.stringContaining('1 x Tesla T4') });
	});

	it('text mode recognises XML, rocm-smi JSON and DCGM text', async () => {
		const items = [
			{ stdout: fixture('nvidia-smi-q-x-mig-a100.xml') },
			{ stdout: fixture('rocm-smi-mi300x-8x.json') },
			{ stdout: fixture('dcgm-exporter-h100.prom') },
		];
		const result = await runNode(new DetectGpu(), { source: 'text', text: '={{ $json.stdout }}' }, { items });
		const out = result.last.json as Array<Record<string, any>>;
		expect(out.map((item) => [item.tool, item.summary.count])).toEqual([
			['nvidia-smi-xml', 2],
			['rocm-smi', 8],
			['dcgm', 2],
		]);
		expect(out[0].gpus[0].mig.enabled).toBe(true);
		expect(out[1].summary.totalMemoryMiB).toBe(8 * 196288);
	});

	describe('local mode with the fake nvidia-smi first on PATH', () => {
		const saved = { ...process.env };
		let scratch: string;
		beforeEach(() => {
			scratch = mkdtempSync(join(tmpdir(), 'detect-gpu-node-'));
			process.env.PATH = `${FAKE_BIN}:${saved.PATH}`;
			process.env.FAKE_NVIDIA_SMI_FIXTURE = 'h100-8x';
			process.env.FAKE_NVIDIA_SMI_LOG = join(scratch, 'calls.log');
		});
		afterEach(() => {
			process.env = { ...saved };
			rmSync(scratch, { recursive: true, force: true });
		});

		it('runs nvidia-smi once for three items', async () => {
			const result = await runNode(new DetectGpu(), { source: 'local' }, { items: [{ a: 1 }, { a: 2 }, { a: 3 }] });
			expect(result.status).toBe('success');
			expect(result.last.json).toHaveLength(3);
			expect(result.last.pairedItems).toEqual([0, 1, 2]);
			for (const out of result.last.json as Array<Record<string, any>>) {
				expect(out.summary).toMatchObject({ count: 8, totalMemoryMiB: 8 * 81559, freeMemoryMiB: 4 * 8593 + 4 * 81003, architectures: ['Hopper'] });
				expect(out.tool).toBe('nvidia-smi');
			}
			const calls = readFileSync(join(scratch, 'calls.log'), 'utf8').trim().split('\n');
			expect(calls).toHaveLength(1);
		});

		it('Timeout (Seconds) bounds a slow nvidia-smi', async () => {
			process.env.FAKE_NVIDIA_SMI_DELAY_MS = '3000';
			const started = Date.now();
			const result = await runNode(new DetectGpu(), { source: 'local', options: { timeoutSeconds: 0.3 } });
			expect(result.status).toBe('success');
			expect(result.last.json[0]).toMatchObject({ gpus: [], warnings: expect.arrayContaining([expect.stringContaining('nvidia-smi did not answer within 300 ms')]) });
			expect(Date.now() - started).toBeLessThan(2_500);
		});

		it('gives an empty list, not an error, on a machine without a GPU', async () => {
			process.env.FAKE_NVIDIA_SMI_FIXTURE = 'none';
			const result = await runNode(new DetectGpu(), { source: 'local' });
			expect(result.status).toBe('success');
			expect(result.last.json[0]).toMatchObject({ gpus: [], text: 'No GPU detected.', summary: { count: 0 } });
		});
	});

	it('bad input names the item and the fix; Continue on Fail keeps the other items paired', async () => {
		const items = [{ stdout: fixture('nvidia-smi-t4.csv') }, { stdout: '' }, { stdout: fixture('nvidia-smi-rtx-5090.csv') }];
		const failing = await runNode(new DetectGpu(), { source: 'text', text: '={{ $json.stdout }}' }, { items });
		expect(failing.status).toBe('error');
		expect(failing.error?.message).toMatch(/^Item 1: There is no GPU tool output/);
		expect(failing.error?.description).toContain('nvidia-smi --query-gpu=');

		const result = await runNode(new DetectGpu(), { source: 'text', text: '={{ $json.stdout }}' }, { items, continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.last.pairedItems).toEqual([0, 1, 2]);
		expect(result.last.json[0]).toMatchObject({ summary: { count: 1 }, gpus: [expect.objectContaining({ name: 'Tesla T4' })] });
		expect(result.last.json[1]).toMatchObject({ error: expect.stringMatching(/^Item 1:/), hint: expect.stringContaining('SSH or Execute Command') });
		expect(result.last.json[2]).toMatchObject({ gpus: [expect.objectContaining({ name: 'NVIDIA GeForce RTX 5090' })] });
	});

	it('an unknown catalog GPU is bad input with close names in the hint', async () => {
		const result = await runNode(new DetectGpu(), { source: 'catalog', catalogGpu: 'h100-sxm6', gpuCount: 1 }, { continueOnFail: true });
		expect(result.last.json[0]).toMatchObject({ error: expect.stringMatching(/not in the GPU catalog/), hint: expect.stringMatching(/h100/) });
	});

	it('Explain Formats adds, per GPU, whether each format runs natively and how', async () => {
		const result = await runNode(new DetectGpu(), { source: 'catalog', catalogGpu: 'B200', gpuCount: 1, options: { explainFormats: true } });
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.gpus[0].formats.NVFP4).toBe('yes: native on the Blackwell sm_100 tensor cores (block-scaled tcgen05.mma, Tensor Memory)');
		const plain = await runNode(new DetectGpu(), { source: 'catalog', catalogGpu: 'B200', gpuCount: 1 });
		expect(plain.last.json[0].gpus).toEqual([expect.not.objectContaining({ formats: expect.anything() })]);
	});
});
