/**
 * The classes of wrong answers issue 9 found, each tested against a public source (named in the test), not against the
 * advisor's own answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateMemoryDetailed, findFormat, findModel, pickQuantFormat, supportFor } from '../../../lib/advisor';
import { tensorParallelSizes } from '../../../lib/engines/common/parallelism';
import { parseNvidiaSmiXml } from '../../../lib/gpu';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';
import { findGpuInCatalog } from '../../../lib/knowledge/gpus';
import { weightBytes } from '../../../lib/models/weights';
import { isOverlayError } from '../../../lib/errors';

const mig = () => parseNvidiaSmiXml(readFileSync(join(__dirname, '../../fixtures/gpu/nvidia-smi-q-x-mig-a100.xml'), 'utf8'));

describe('MIG: planned per MIG instance, never as the whole GPU', () => {
	it('two A100-80GB with MIG on (3g.40gb x 2 and 1g.10gb x 3 instances, nvidia-smi -q -x): one 40192 MiB instance, no tensor parallelism across instances', async () => {
		const result = await pickQuantFormat({ gpus: mig(), model: 'qwen3-8b', engine: 'vllm', contextLength: 8192 });
		const best = result.recommended!;
		expect(best.gpuCount).toBe(1);
		expect(best.tensorParallelSize).toBe(1);
		expect(best.memory.gpu.visibleBytes).toBeLessThan(40192 * 1024 ** 2);
		expect(best.warnings.join(' ')).toMatch(/Planned on one MIG instance .*MIG.*no engine can use tensor parallelism across instances/);
		expect(result.summary).toMatch(/MIG/);
	});

	it('a model that needs more than one instance does not fit (the whole 80 GB is not available)', async () => {
		const result = await pickQuantFormat({ gpus: mig(), model: 'llama-3.1-70b', engine: 'vllm', contextLength: 8192 });
		expect(result.candidates.every((c) => c.gpuCount === 1 && !c.fits)).toBe(true);
	});

	it('MIG on without instances is refused with the fix', async () => {
		const [gpu] = mig();
		const bare = { ...gpu, mig: { enabled: true, instances: [] } };
		const error = await pickQuantFormat({ gpus: [bare], model: 'qwen3-8b', engine: 'vllm', contextLength: 8192 }).catch((e: unknown) => e);
		expect(isOverlayError(error)).toBe(true);
		expect((error as Error).message).toMatch(/MIG is enabled on GPU 0/);
		expect((error as { hint?: string }).hint).toMatch(/nvidia-smi mig -cgi/);
	});
});

describe('tensor parallelism: attention heads must divide, KV heads replicate beyond their count', () => {
	// vLLM: "Total number of attention heads must be divisible by tensor parallel size"; QKVParallelLinear replicates
	// KV heads when TP exceeds them (num_kv_heads = max(1, total // tp)).
	it('gpt-oss (64 heads, 8 KV heads) may use TP 16; Qwen3-30B-A3B (32 heads, 4 KV heads) TP 8; a 40-head model not TP 16', () => {
		expect(tensorParallelSizes(findModel('gpt-oss-120b')!, 16)).toEqual([1, 2, 4, 8, 16]);
		expect(tensorParallelSizes(findModel('qwen3-30b-a3b')!, 8)).toEqual([1, 2, 4, 8]);
		const qwen14b = { ...findModel('qwen3-8b')!, numAttentionHeads: 40, numKeyValueHeads: 8 };
		expect(tensorParallelSizes(qwen14b, 16)).toEqual([1, 2, 4, 8]);
	});

	it('each GPU holds max(1, kv / tp) heads: Qwen3-235B at TP 4 and TP 8 both keep 47 KiB per token per GPU (vllm-h100-qwen3-235b-a22b-fp8-1: 94 layers x 1 head x 128 x 2 x 2 B)', () => {
		const model = { ...findModel('qwen3-30b-a3b')!, numLayers: 94, layerTypes: Array.from({ length: 94 }, () => 'full' as const) };
		const perGpu = (tensorParallelSize: number) => {
			const e = estimateMemoryDetailed({ model, format: 'FP8', engine: 'vllm', contextLength: 1024, tensorParallelSize });
			return e.kv.fullLayerBytes / 1024;
		};
		expect(perGpu(4)).toBe(94 * 1 * 128 * 2 * 2);
		expect(perGpu(8)).toBe(perGpu(4));
		expect(perGpu(2)).toBe(2 * perGpu(4));
	});

	it('on 16 GPUs gpt-oss-120b can be planned with TP 16 when fewer GPUs do not fit, and each GPU keeps one KV head', async () => {
		const gpus = Array.from({ length: 16 }, () => 'rtx-4090');
		const result = await pickQuantFormat({ gpus, model: 'gpt-oss-120b', engine: 'vllm', contextLength: 131072, concurrency: 64 });
		const vllm = result.candidates[0];
		expect(vllm.tensorParallelSize).toBe(16);
		expect(vllm.engineArgs.args).toEqual(expect.arrayContaining(['--tensor-parallel-size', '16']));
	});
});

describe('missing rows', () => {
	it("vLLM's gpt-oss path on RDNA 4: the recipe lists the Radeon AI PRO R9700 (gfx1201); weight-only (no FP4 matrix instructions)", () => {
		const decision = supportFor('vllm', findFormat('MXFP4', 'safetensors')!, gpuFromCatalog('radeon-ai-pro-r9700'));
		expect(decision.execution).toBe('weight-only');
		expect(decision.row?.source).toMatch(/vllm-project\/recipes\/blob\/1e4b3ad\/OpenAI\/GPT-OSS\.md/);
	});

	it("AMD's w-mxfp4-a-fp8 checkpoint only on gfx950 (the recipe's MI355X section), not on MI300X or the R9700", async () => {
		const repos = async (gpu: string) => (await pickQuantFormat({ gpus: [gpu], model: 'gpt-oss-120b', engine: 'vllm', contextLength: 8192 })).candidates.map((c) => c.engineArgs.args[1]);
		expect(await repos('mi355x')).toContain('amd/gpt-oss-120b-w-mxfp4-a-fp8');
		expect(await repos('mi300x')).not.toContain('amd/gpt-oss-120b-w-mxfp4-a-fp8');
		expect(await repos('radeon-ai-pro-r9700')).not.toContain('amd/gpt-oss-120b-w-mxfp4-a-fp8');
	});
});

describe('GGUF sizes of MoE models at low K-quants, from per-tensor-class types', () => {
	// mradermacher/Qwen3-30B-A3B-abliterated-GGUF (static quants of a Qwen3-30B-A3B fine-tune, same tensors), decimal GB:
	// https://huggingface.co/mradermacher/Qwen3-30B-A3B-abliterated-GGUF ("Q2_K 11.4, Q3_K_M 14.8, Q4_K_M 18.7, Q6_K 25.2, Q8_0 32.6").
	const published: Array<[string, number]> = [
		['Q2_K', 11.4e9],
		['Q3_K_M', 14.8e9],
		['Q4_K_M', 18.7e9],
		['Q6_K', 25.2e9],
		['Q8_0', 32.6e9],
	];
	it.each(published)('Qwen3-30B-A3B %s within 2 %% of the published file', (quant, bytes) => {
		const size = weightBytes(findModel('qwen3-30b-a3b')!, findFormat(quant, 'gguf')!).total;
		expect(Math.abs(size / bytes - 1)).toBeLessThan(0.02);
	});

	it("a dense model's average bits per weight would have been 5.8 % too large at Q2_K: the experts take Q2_K, only attention and output more", () => {
		const q2k = findFormat('Q2_K', 'gguf')!;
		const dense = (30.53e9 * q2k.bitsPerWeight) / 8;
		expect(dense / 11.4e9 - 1).toBeGreaterThan(0.05);
	});

	it("the same tables reproduce llama.cpp's measured bits per weight on Llama-3.1-8B (tools/quantize/README.md: Q2_K 3.1593, Q4_K_M 4.8944, Q5_K_M 5.7036, Q6_K 6.5633, Q8_0 8.5008)", () => {
		const model = findModel('llama-3.1-8b')!;
		const params = 8.03e9;
		for (const [quant, bpw] of [
			['Q2_K', 3.1593],
			['Q4_K_M', 4.8944],
			['Q5_K_M', 5.7036],
			['Q6_K', 6.5633],
			['Q8_0', 8.5008],
		] as const) {
			expect((weightBytes(model, findFormat(quant, 'gguf')!).total * 8) / params).toBeCloseTo(bpw, 2);
		}
	});
});

describe('catalog', () => {
	it('B200 at 7.7 TB/s (NVIDIA Blackwell datasheet via ai-dynamo/aiconfigurator#1246; 7680-bit x 3996 MHz = 7.672 TB/s in pytorch/ao#4002), B300 at 7.75 TB/s', () => {
		expect(findGpuInCatalog('B200')).toMatchObject({ memoryBandwidthGBps: 7700 });
		expect(findGpuInCatalog('B200')!.source).toMatch(/aiconfigurator\/pull\/1246.*pytorch\/ao\/pull\/4002/);
		expect(findGpuInCatalog('B300')!.memoryBandwidthGBps).toBe(7750);
	});

	it('RTX A6000 and Radeon 8060S rows exist (GPUs of the corpus): 768 GB/s GA102; 256 GB/s gfx1151 with unified memory', () => {
		expect(gpuFromCatalog('NVIDIA RTX A6000')).toMatchObject({ computeCapability: '8.6', memoryBandwidthGBps: 768, unifiedMemory: false });
		expect(gpuFromCatalog('AMD Radeon 8060S Graphics')).toMatchObject({ isa: 'gfx1151', architecture: 'RDNA 3.5', memoryBandwidthGBps: 256, unifiedMemory: true });
	});
});
