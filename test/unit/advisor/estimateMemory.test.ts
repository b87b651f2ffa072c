import { estimateMemory, estimateMemoryDetailed } from '../../../lib/advisor/estimateMemory';
import { findModel } from '../../../lib/knowledge/models';
import { parameterGroups } from '../../../lib/models/parameters';
import { weightBytes } from '../../../lib/models/weights';
import { findFormat } from '../../../lib/knowledge/formats';
import { isOverlayError } from '../../../lib/errors';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function within(actual: number, expected: number, fraction: number): void {
	expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(fraction);
}

describe('weights reproduce published gpt-oss checkpoint sizes within 3%', () => {
	// Published sizes:
	// - openai/gpt-oss-20b safetensors: shards 4.79 + 4.80 + 4.17 GB = 13.76 GB (https://huggingface.co/openai/gpt-oss-20b/tree/main).
	// - openai/gpt-oss-120b safetensors: 60.8 GiB (model card, https://arxiv.org/abs/2508.10925).
	// - ggml-org/gpt-oss-20b-GGUF gpt-oss-20b-mxfp4.gguf: 11.27 GiB (https://huggingface.co/ggml-org/gpt-oss-20b-GGUF).
	// - ggml-org/gpt-oss-120b-GGUF (3 shards): 59.02 GiB (https://huggingface.co/ggml-org/gpt-oss-120b-GGUF).
	const cases: Array<[string, 'vllm' | 'llama.cpp', number]> = [
		['gpt-oss-20b', 'vllm', 13.76e9],
		['gpt-oss-120b', 'vllm', 60.8 * GIB],
		['gpt-oss-20b', 'llama.cpp', 11.27 * GIB],
		['gpt-oss-120b', 'llama.cpp', 59.02 * GIB],
	];
	it.each(cases)('%s on %s', (model, engine, published) => {
		const checkpoint = engine === 'vllm' ? 'safetensors' : 'gguf';
		within(weightBytes(findModel(model)!, findFormat('MXFP4', checkpoint)!).total, published, 0.03);
	});

	it('matches the catalog sizeBytes of the published checkpoints', () => {
		for (const id of ['gpt-oss-20b', 'gpt-oss-120b']) {
			const model = findModel(id)!;
			for (const checkpoint of model.checkpoints.filter((c) => c.sizeBytes && c.repo.startsWith('openai/') === (c.checkpoint === 'safetensors'))) {
				within(weightBytes(model, findFormat(checkpoint.format, checkpoint.checkpoint)!).total, checkpoint.sizeBytes!, 0.03);
			}
		}
	});

	it('derives the model-card parameter counts (20.91 B / 116.83 B total, 3.61 B / 5.13 B active)', () => {
		const small = parameterGroups(findModel('gpt-oss-20b')!);
		const big = parameterGroups(findModel('gpt-oss-120b')!);
		within(small.total, 20.91e9, 0.01);
		within(big.total, 116.83e9, 0.01);
		within(small.active, 3.61e9, 0.02);
		within(big.active, 5.13e9, 0.02);
	});

	it('derives dense parameter counts (Llama 3.1 8B 8.03 B, 70B 70.55 B; Qwen3-30B-A3B 30.5 B)', () => {
		within(parameterGroups(findModel('llama-3.1-8b')!).total, 8.03e9, 0.01);
		within(parameterGroups(findModel('llama-3.1-70b')!).total, 70.55e9, 0.01);
		within(parameterGroups(findModel('qwen3-30b-a3b')!).total, 30.5e9, 0.01);
		within(parameterGroups(findModel('mistral-small-24b')!).total, 23.57e9, 0.01);
	});

	it('Llama 3.1 8B Q4_K_M matches the llama.cpp README size (4.58 GiB); on the GPU llama.cpp holds it less the token embeddings', () => {
		const file = weightBytes(findModel('llama-3.1-8b')!, findFormat('Q4_K_M', 'gguf')!);
		within(file.total, 4.58 * GIB, 0.02);
		const estimate = estimateMemory({ model: 'llama-3.1-8b', format: 'Q4_K_M', engine: 'llama.cpp', contextLength: 512 });
		// 128256 x 4096 Q4_K token embeddings = 281.81 MiB ("CPU buffer size", corpus llama.cpp-rtx-3090-llama-3-8b-1).
		within(file.total - estimate.weightsBytes, 281.81 * MIB, 0.001);
	});
});

describe('KV cache per token (f16, sliding-window aware): 2 x 8 KV heads x 64 x 2 bytes per full-attention layer', () => {
	it('gpt-oss-20b: 12 full layers x 2048 B = 24 KiB per token', () => {
		const e = estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'llama.cpp', contextLength: 8192 });
		expect(e.kvBytesPerToken).toBe(24 * 1024);
	});

	it('gpt-oss-120b: 18 full layers x 2048 B = 36 KiB per token', () => {
		const e = estimateMemory({ model: 'gpt-oss-120b', format: 'MXFP4', engine: 'vllm', contextLength: 8192 });
		expect(e.kvBytesPerToken).toBe(36 * 1024);
	});

	it('llama.cpp b6202 (flash attention off) 120b at n_ctx 2000, ubatch 512: 2016 full cells = 70.875 MiB, 640 SWA cells = 22.5 MiB (AI-Playground #325)', () => {
		const e = estimateMemoryDetailed({ model: 'gpt-oss-120b', format: 'MXFP4', engine: 'llama.cpp', contextLength: 2000, ubatch: 512, flashAttention: false, engineVersion: 'b6202' });
		expect(e.kv.fullCells).toBe(2016);
		expect(e.kv.slidingCells).toBe(640);
		expect(e.kv.fullLayerBytes).toBe(70.875 * MIB);
		expect(e.kv.slidingLayerBytes).toBe(22.5 * MIB);
		expect(e.kvCacheBytes).toBe(70.875 * MIB + 22.5 * MIB);
	});

	it('llama.cpp b9452 120b with 2 sequences x 131072, ubatch 1024: 9216 MiB full, 1280 SWA cells per stream = 90 MiB (ollama #16480)', () => {
		const e = estimateMemoryDetailed({
			model: 'gpt-oss-120b',
			format: 'MXFP4',
			engine: 'llama.cpp',
			contextLength: 131072,
			concurrency: 2,
			ubatch: 1024,
			engineVersion: 'b9452',
		});
		expect(e.kv.fullLayerBytes).toBe(9216 * MIB);
		expect(e.kv.slidingCells).toBe(2 * 1280);
		expect(e.kv.slidingLayerBytes).toBe(90 * MIB);
	});

	it('gpt-oss-20b full-attention KV at 131072 tokens is 3 GiB, not the naive 6 GiB', () => {
		const e = estimateMemoryDetailed({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'llama.cpp', contextLength: 131072 });
		expect(e.kv.fullLayerBytes).toBe(3 * GIB);
		expect(e.kvCacheBytes).toBeLessThan(3.1 * GIB);
	});

	it('vLLM bounds sliding layers by window - 1 + max_num_batched_tokens in 16-token pages', () => {
		const e = estimateMemoryDetailed({
			model: 'gpt-oss-20b',
			format: 'MXFP4',
			engine: 'vllm',
			contextLength: 131072,
			maxNumBatchedTokens: 8192,
		});
		// cdiv(min(127 + 8192, 131072), 16) + 1 = 521 pages of 16 tokens.
		expect(e.kv.slidingCells).toBe(521 * 16);
		expect(e.kv.fullCells).toBe(131072);
	});

	it('fp8 KV halves the per-token bytes; dense models count every layer', () => {
		const e = estimateMemory({ model: 'llama-3.1-8b', format: 'BF16', engine: 'vllm', contextLength: 1000, kvCacheDtype: 'fp8' });
		// 32 layers x 2 x 8 KV heads x 128 x 1 byte.
		expect(e.kvBytesPerToken).toBe(32 * 2 * 8 * 128);
	});
});

describe('estimateMemory input errors', () => {
	it.each([
		[{ contextLength: 0 }],
		[{ contextLength: -5 }],
		[{ format: 'Q9_X' }],
		[{ model: 'no-such-model' }],
	])('%j is an input error', (override) => {
		try {
			estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'vllm', contextLength: 1024, ...override });
			throw new Error('expected an error');
		} catch (error) {
			expect(isOverlayError(error)).toBe(true);
			expect((error as { kind: string }).kind).toBe('input');
			expect((error as { hint?: string }).hint).toBeTruthy();
		}
	});

	it('totals add up', () => {
		const e = estimateMemory({ model: 'qwen3-8b', format: 'FP8', engine: 'vllm', contextLength: 32768, concurrency: 4 });
		expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.overheadBytes);
		expect(e.kvCacheBytes).toBe(4 * 32768 * e.kvBytesPerToken);
	});
});
