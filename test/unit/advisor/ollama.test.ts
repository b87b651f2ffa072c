import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateMemory, estimateMemoryDetailed, findFormat, findModel, ollamaDefaultContext, pickQuantFormat, supportFor } from '../../../lib/advisor';
import { usableGpus } from '../../../lib/advisor/gpus';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';
import { writeGguf } from '../../fixtures/gguf/writeGguf';

const ggufMxfp4 = findFormat('MXFP4', 'gguf')!;

describe('Ollama support rows follow the llama.cpp code each release ran', () => {
	it('gpt-oss MXFP4 on sm_120: own dequantizing kernel (0.11.0-0.11.4), int8 dot products (vendored ggml to 0.24.0), native (llama-server, 0.30.0+)', () => {
		const pro = gpuFromCatalog('rtx-pro-6000-blackwell');
		expect(supportFor('ollama', ggufMxfp4, pro, '0.10.1').execution).toBe('unsupported');
		expect(supportFor('ollama', ggufMxfp4, pro, '0.11.0').execution).toBe('weight-only');
		expect(supportFor('ollama', ggufMxfp4, pro, '0.11.5').execution).toBe('int8-dot');
		expect(supportFor('ollama', ggufMxfp4, pro, '0.24.0').execution).toBe('int8-dot');
		expect(supportFor('ollama', ggufMxfp4, pro, '0.30.0').execution).toBe('native');
		expect(supportFor('ollama', ggufMxfp4, pro).execution).toBe('native');
		// llama.cpp's native FP4 path is 12.x only: B200 stays on int8 dot products.
		expect(supportFor('ollama', ggufMxfp4, gpuFromCatalog('b200')).execution).toBe('int8-dot');
	});

	it('K-quants run the same way in every release, with no version to name', () => {
		const decision = supportFor('ollama', findFormat('Q4_K_M', 'gguf')!, gpuFromCatalog('rtx-4090'), '0.5.0');
		expect(decision.execution).toBe('int8-dot');
		expect(decision.row?.minVersion).toBeUndefined();
		expect(decision.row?.source).toMatch(/ollama\/ollama\/blob\/v0\.24\.0\/Makefile\.sync/);
	});
});

describe("Ollama's default context", () => {
	const gpt = findModel('gpt-oss-20b')!;
	const qwen = findModel('qwen3-8b')!;
	const on = (...ids: string[]) => usableGpus(ids);

	it('0.15.5+: by total VRAM (thresholds 23 and 47 GiB), never above what the model was trained for', () => {
		expect(ollamaDefaultContext(gpt, on('t4'), undefined).contextLength).toBe(4096);
		expect(ollamaDefaultContext(gpt, on('rtx-4090'), undefined).contextLength).toBe(32768);
		expect(ollamaDefaultContext(gpt, on('rtx-4090', 'rtx-4090'), undefined).contextLength).toBe(131072);
		expect(ollamaDefaultContext(qwen, on('rtx-pro-6000-blackwell'), '0.15.5').contextLength).toBe(40960);
	});

	it('earlier: 2048 until 0.6.6, 4096 from 0.6.7; gpt-oss at least 8192 from 0.11.0, from 0.11.4 only with 20 GiB of VRAM', () => {
		expect(ollamaDefaultContext(qwen, on('rtx-4090'), '0.6.6').contextLength).toBe(2048);
		expect(ollamaDefaultContext(qwen, on('rtx-4090'), '0.6.7').contextLength).toBe(4096);
		expect(ollamaDefaultContext(gpt, on('t4'), '0.11.0').contextLength).toBe(8192);
		expect(ollamaDefaultContext(gpt, on('t4'), '0.12.0').contextLength).toBe(4096);
		expect(ollamaDefaultContext(gpt, on('rtx-4090'), '0.15.4').contextLength).toBe(8192);
	});

	it('the planner uses it when no context is given, and says so', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'qwen3-8b', engine: 'ollama' });
		const q4 = result.candidates.find((c) => c.format === 'Q4_K_M')!;
		expect(q4.engineArgs.requestOptions).toEqual({ num_ctx: 32768 });
		expect(q4.reasons.join(' ')).toMatch(/default context from the total VRAM \(24\.0 GiB here\): 32768 tokens/);
	});
});

describe('Ollama memory', () => {
	it("its gpt-oss blobs keep the non-expert tensors in BF16: 14 GB and 65 GB as ollama.com lists them, less the token embeddings kept in system RAM", () => {
		// The BF16 token embeddings (201088 x 2880 x 2 bytes) stay in system RAM, as llama.cpp keeps them.
		const embeddings = 201088 * 2880 * 2;
		const small = estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'ollama', contextLength: 4096 });
		const big = estimateMemory({ model: 'gpt-oss-120b', format: 'MXFP4', engine: 'ollama', contextLength: 4096 });
		expect(Math.abs(small.weightsBytes + embeddings - 14e9) / 14e9).toBeLessThan(0.03);
		expect(Math.abs(big.weightsBytes + embeddings - 65e9) / 65e9).toBeLessThan(0.03);
		// llama.cpp's MXFP4_MOE file puts them in Q8_0 and is smaller.
		expect(estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'llama.cpp', contextLength: 4096 }).weightsBytes).toBeLessThan(small.weightsBytes);
	});

	it('OLLAMA_NUM_PARALLEL multiplies the KV cache: num_ctx x parallel tokens', () => {
		const one = estimateMemory({ model: 'llama-3.1-8b', format: 'Q4_K_M', engine: 'ollama', contextLength: 8192 });
		const four = estimateMemory({ model: 'llama-3.1-8b', format: 'Q4_K_M', engine: 'ollama', contextLength: 8192, concurrency: 4 });
		expect(four.kvCacheBytes).toBe(4 * one.kvCacheBytes);
		expect(one.kvCacheBytes).toBe(8192 * 32 * 2 * 8 * 128 * 2);
		// Ollama 0.30's llama-server gives each parallel sequence its own KV stream: sliding-window layers get
		// GGML_PAD(window + n_ubatch, 256) cells per stream (ollama-radeon-8060s-gpt-oss-120b-2: 2 x 1280 cells, 90 MiB).
		const gptOss = estimateMemoryDetailed({ model: 'gpt-oss-120b', format: 'MXFP4', engine: 'ollama', contextLength: 131072, concurrency: 2, engineVersion: '0.30.2' });
		expect(gptOss.kv.slidingCells).toBe(2 * 1280);
		expect(gptOss.kv.slidingLayerBytes).toBe(90 * 1024 ** 2);
		expect(gptOss.kv.fullLayerBytes).toBe(9216 * 1024 ** 2);
	});
});

describe('Ollama output', () => {
	it('gpt-oss from the Ollama library: a Modelfile with num_ctx, ollama create / run, the server settings and API options', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'gpt-oss-20b', engine: 'ollama', contextLength: 16384, concurrency: 2 });
		const c = result.recommended!;
		expect(c).toMatchObject({ engine: 'ollama', engineLabel: 'Ollama', format: 'MXFP4', checkpoint: 'gguf', fits: true });
		expect(c.engineArgs.files).toEqual({ Modelfile: 'FROM gpt-oss:20b\nPARAMETER num_ctx 16384\n' });
		expect(c.engineArgs.command).toBe('ollama create gpt-oss-20b-ctx16384 -f Modelfile && ollama run gpt-oss-20b-ctx16384');
		expect(c.engineArgs.env).toEqual({ OLLAMA_NUM_PARALLEL: '2' });
		expect(c.engineArgs.requestOptions).toEqual({ num_ctx: 16384 });
		expect(c.engineArgs.settings).toMatchObject({ model: 'gpt-oss:20b', numCtx: 16384, numParallel: 2, serverCommand: 'OLLAMA_NUM_PARALLEL=2 ollama serve' });
		expect(c.reasons.join(' ')).toMatch(/every parallel slot gets the full 16384/);
		expect(c.memory.kvCacheBytes).toBe(
			estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'ollama', contextLength: 16384, concurrency: 2 }).kvCacheBytes,
		);
	});

	it('a quantized KV cache turns flash attention on; FP8 becomes q8_0 with a warning', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-8b', engine: 'ollama', contextLength: 8192, kvCacheDtype: 'fp8' });
		const c = result.recommended!;
		expect(c.engineArgs.env).toEqual({ OLLAMA_NUM_PARALLEL: '1', OLLAMA_FLASH_ATTENTION: '1', OLLAMA_KV_CACHE_TYPE: 'q8_0' });
		expect(c.engineArgs.settings.model).toBe('hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q8_0');
		expect(c.warnings.join(' ')).toMatch(/Ollama has no FP8 KV cache/);
	});

	it('when layers must stay in system RAM the Modelfile sets num_gpu; expert-only offload cannot be said and is warned about', async () => {
		const dense = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-70b', engine: 'ollama', contextLength: 8192 });
		const layers = dense.recommended!;
		expect(layers.fits).toBe(false);
		expect(layers.engineArgs.files!.Modelfile).toMatch(/^PARAMETER num_gpu \d+$/m);
		expect(layers.engineArgs.requestOptions!.num_gpu).toBeGreaterThan(0);
		const moe = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'gpt-oss-120b', engine: 'ollama', contextLength: 8192 });
		expect(moe.recommended!.warnings.join(' ')).toMatch(/no setting that keeps only the MoE experts in system RAM/);
	});

	it('a GGUF file the user has goes into FROM as it is', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ollama-gguf-'));
		try {
			const path = join(dir, 'tiny.gguf');
			// One Q8_0 tensor: 64 x 64 values in blocks of 32 at 34 bytes.
			writeGguf(
				path,
				{ 'general.architecture': { type: 'string', value: 'llama' }, 'general.alignment': { type: 'uint32', value: 32 } },
				[{ name: 'blk.0.attn_q.weight', shape: [64, 64], ggmlType: 8, bytes: ((64 * 64) / 32) * 34 }],
			);
			const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-8b', engine: 'ollama', contextLength: 4096, ggufFile: path, sources: dir });
			const fromFile = result.candidates.find((c) => c.engineArgs.settings.model === path)!;
			expect(fromFile.engineArgs.files!.Modelfile).toBe(`FROM ${path}\nPARAMETER num_ctx 4096\n`);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
