/** Pick Quant Format inside the real n8n engine (n8n-core WorkflowExecute). */
import { PickQuantFormat } from '../../nodes/PickQuantFormat/PickQuantFormat.node';
import { DetectGpu } from '../../nodes/DetectGpu/DetectGpu.node';
import { ENGINE_IDS } from '../../lib/engines';
import { runNode, runNodes } from './harness';

const base = { modelSource: 'catalog', engine: 'any', contextLength: 32768, concurrency: 1, kvCacheDtype: 'auto' };

describe('Pick Quant Format node', () => {
	it('catalog GPU: gpt-oss-120b on an RTX PRO 6000 Blackwell gets native MXFP4 (llama.cpp) and a vLLM alternative', async () => {
		const result = await runNode(new PickQuantFormat(), {
			...base,
			gpuSource: 'catalog',
			catalogGpu: 'rtx-pro-6000-blackwell',
			gpuCount: 1,
			model: 'openai/gpt-oss-120b',
		});
		expect(result.status).toBe('success');
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.recommended).toMatchObject({ format: 'MXFP4', execution: 'native', fits: true });
		expect(out.candidates.some((c: any) => c.engine === 'vllm' && c.execution === 'weight-only')).toBe(true);
		expect(out.summary).toMatch(/gpt-oss-120b/);
		expect(out.input).toMatchObject({ gpus: ['NVIDIA RTX PRO 6000 Blackwell Workstation Edition'], engine: 'any' });
	});

	it('GPUs from the previous node ({{ $json.gpus }}), paired per item, top N only', async () => {
		const items = [
			{ gpus: [{ name: 'Tesla T4', memoryTotalMiB: 15360, computeCapability: '7.5' }] },
			{ gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559 }, { name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559 }] },
		];
		const result = await runNode(
			new PickQuantFormat(),
			{ ...base, gpuSource: 'previous', gpus: '={{ $json.gpus }}', model: 'openai/gpt-oss-20b', contextLength: 8192, options: { includeAll: false, topN: 1 } },
			{ items },
		);
		expect(result.status).toBe('success');
		const out = result.last.json as Array<Record<string, any>>;
		expect(result.last.pairedItems).toEqual([0, 1]);
		expect(out[0].recommended).toMatchObject({ checkpoint: 'gguf', execution: 'int8-dot' });
		expect(out[0].rejected[0]).toMatchObject({ engine: 'vllm', format: 'MXFP4' });
		expect(out[1].recommended).toMatchObject({ engine: 'vllm', execution: 'weight-only', gpuCount: 1 });
		expect(out[1].candidates).toHaveLength(1);
	});

	it('Detect GPU (catalog) -> Pick Quant Format chain', async () => {
		const result = await runNodes({
			steps: [
				{ node: new DetectGpu(), parameters: { source: 'catalog', catalogGpu: 'l40s', gpuCount: 2 } },
				{ node: new PickQuantFormat(), parameters: { ...base, gpuSource: 'previous', gpus: '={{ $json.gpus }}', model: 'meta-llama/Llama-3.1-70B-Instruct', engine: 'vllm', contextLength: 8192 } },
			],
		});
		expect(result.status).toBe('success');
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.recommended).toMatchObject({ format: 'FP8', execution: 'native', tensorParallelSize: 2, fits: true });
		expect(out.recommended.engineArgs.command).toContain('--tensor-parallel-size 2');
	});

	it('custom config JSON works; malformed JSON and context 0 fail the item with the fix; Continue on Fail keeps the others paired', async () => {
		const items = [
			{ config: '{"num_hidden_layers": 32, "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 131072}', ctx: 8192 },
			{ config: '{"num_hidden_layers": 32,', ctx: 8192 },
			{ config: '{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100}', ctx: 0 },
		];
		const result = await runNode(
			new PickQuantFormat(),
			{ ...base, gpuSource: 'catalog', catalogGpu: 'rtx-4090', gpuCount: 1, modelSource: 'custom', modelConfig: '={{ $json.config }}', contextLength: '={{ $json.ctx }}' },
			{ items, continueOnFail: true },
		);
		expect(result.status).toBe('success');
		const out = result.last.json as Array<Record<string, any>>;
		expect(result.last.pairedItems).toEqual([0, 1, 2]);
		expect(out[0].recommended.fits).toBe(true);
		expect(out[1].error).toMatch(/^Item 1: .*not valid JSON/);
		expect(out[1].hint).toMatch(/config\.json/);
		expect(out[2].error).toMatch(/Context length must be above 0/);
	});

	it('without Continue on Fail a GPU without memory stops the run with a NodeOperationError naming the item', async () => {
		const result = await runNode(
			new PickQuantFormat(),
			{ ...base, gpuSource: 'previous', gpus: '={{ $json.gpus }}', model: 'openai/gpt-oss-20b' },
			{ items: [{ gpus: [{ name: 'Mystery Accelerator' }] }] },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Item 0: GPU "Mystery Accelerator" has no memory size/);
		expect(result.error?.description).toMatch(/memoryTotalMiB/);
	});

	it('lists every engine of the registry, alphabetically after Any', () => {
		const engine = new PickQuantFormat().description.properties.find((p) => p.name === 'engine')!;
		const values = (engine.options as Array<{ name: string; value: string }>).map((o) => o.value);
		expect(values[0]).toBe('any');
		expect(new Set(values.slice(1))).toEqual(new Set(ENGINE_IDS));
		const names = (engine.options as Array<{ name: string }>).slice(1).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('SGLang and Ollama through the node: a launch_server line with the SGLang memory fraction, and a Modelfile', async () => {
		const result = await runNode(
			new PickQuantFormat(),
			{ ...base, gpuSource: 'catalog', catalogGpu: 'h100-sxm', gpuCount: 1, model: '={{ $json.model }}', engine: '={{ $json.engine }}', contextLength: 8192, options: { memFractionStatic: 0.8 } },
			{ items: [{ engine: 'sglang', model: 'openai/gpt-oss-20b' }, { engine: 'ollama', model: 'openai/gpt-oss-20b' }] },
		);
		expect(result.status).toBe('success');
		const [sglang, ollama] = result.last.json as Array<Record<string, any>>;
		expect(sglang.recommended).toMatchObject({ engine: 'sglang', engineLabel: 'SGLang', execution: 'weight-only' });
		expect(sglang.recommended.engineArgs.command).toContain('--mem-fraction-static 0.8');
		expect(ollama.recommended.engineArgs.files.Modelfile).toBe('FROM gpt-oss:20b\nPARAMETER num_ctx 8192\n');
	});

	it('an engine the registry does not know (set by expression) fails the item with the engines there are', async () => {
		const result = await runNode(
			new PickQuantFormat(),
			{ ...base, gpuSource: 'catalog', catalogGpu: 'h100-sxm', gpuCount: 1, model: 'openai/gpt-oss-20b', engine: '={{ $json.engine }}' },
			{ items: [{ engine: 'tensorrt' }, { engine: 'ollama' }], continueOnFail: true },
		);
		expect(result.status).toBe('success');
		const out = result.last.json as Array<Record<string, any>>;
		expect(out[0].error).toBe('Item 0: Unknown engine "tensorrt".');
		expect(out[0].hint).toBe('Use one of: vllm, llama.cpp, lmstudio, sglang, ollama, any.');
		expect(out[1].recommended.engine).toBe('ollama');
	});

	it('each candidate carries the start-up verdict with its fix, the concurrency and a speed estimate; the vLLM options reach the command', async () => {
		const result = await runNode(new PickQuantFormat(), {
			...base,
			gpuSource: 'catalog',
			catalogGpu: 'h100-sxm',
			gpuCount: 1,
			model: 'openai/gpt-oss-120b',
			engine: 'vllm',
			contextLength: 131072,
			options: { maxNumSeqs: 64, maxNumBatchedTokens: 4096, enforceEager: true },
		});
		expect(result.status).toBe('success');
		const [out] = result.last.json as Array<Record<string, any>>;
		const vllm = out.candidates[0];
		expect(vllm.startup).toMatchObject({ verdict: expect.stringMatching(/^(starts|fails)$/), check: expect.stringMatching(/^vllm:/) });
		expect(vllm.concurrency).toMatchObject({ tokensPerRequest: 131072, requested: 1 });
		expect(vllm.speed).toMatchObject({ estimate: true });
		expect(vllm.engineArgs.args).toEqual(expect.arrayContaining(['--max-num-seqs', '64', '--max-num-batched-tokens', '4096', '--enforce-eager']));
		const defaults = await runNode(new PickQuantFormat(), { ...base, gpuSource: 'catalog', catalogGpu: 'h100-sxm', gpuCount: 1, model: 'openai/gpt-oss-120b', engine: 'vllm', contextLength: 131072 });
		const [refused] = defaults.last.json as Array<Record<string, any>>;
		expect(refused.candidates[0].startup.verdict).toBe('fails');
		expect(refused.candidates[0].startup.fix.change).toMatch(/^--/);
	});

	it('What Fits mode ranks every catalog model and the ones added, each with its verdict, speed estimate and command', async () => {
		const result = await runNode(new PickQuantFormat(), {
			mode: 'whatFits',
			gpuSource: 'catalog',
			catalogGpu: 'rtx-4090',
			gpuCount: 1,
			engine: 'any',
			contextLength: 8192,
			concurrency: 1,
			kvCacheDtype: 'auto',
			extraModels: '{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100, "max_position_embeddings": 8192}',
		});
		expect(result.status).toBe('success');
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.ranking.length).toBe(9);
		expect(out.ranking.map((e: any) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		const tiers = out.ranking.map((e: any) => ['fits', 'starts', 'offload', 'fails'].indexOf(e.tier));
		expect(tiers).toEqual([...tiers].sort((a: number, b: number) => a - b));
		expect(out.ranking[0]).toMatchObject({ tier: 'fits', command: expect.any(String), best: { startup: { verdict: 'starts' } } });
		expect(out.ranking[0].tokensPerSecond).toBeGreaterThan(0);
		expect(out.ranking.find((e: any) => e.model.id === 'meta-llama/Llama-3.1-70B-Instruct').tier).not.toBe('fits');
		expect(out.summary).toMatch(/of 9 models fit/);
	});

	it('Brief Candidates and Compare Original and GGUF: GiB and commands, and the comparison in the same brief form', async () => {
		const result = await runNode(new PickQuantFormat(), {
			...base,
			gpuSource: 'catalog',
			catalogGpu: 'B200',
			gpuCount: 1,
			model: 'openai/gpt-oss-20b',
			options: { briefCandidates: true, compareCheckpoints: true },
		});
		const [out] = result.last.json as Array<Record<string, any>>;
		expect(out.recommended).toMatchObject({ neededGiB: expect.any(Number), command: expect.any(String) });
		expect(out.recommended).not.toHaveProperty('memory');
		expect(out.candidates.every((candidate: any) => 'neededGiB' in candidate && !('engineArgs' in candidate))).toBe(true);
		expect(out.comparison.original).toMatchObject({ checkpoint: 'safetensors', execution: 'native', neededGiB: expect.any(Number) });
		expect(out.comparison.summary).toMatch(/^On NVIDIA B200 \(sm_100\): The original checkpoint runs natively/);
		const plain = await runNode(new PickQuantFormat(), { ...base, gpuSource: 'catalog', catalogGpu: 'B200', gpuCount: 1, model: 'openai/gpt-oss-20b' });
		expect(plain.last.json[0]).not.toHaveProperty('comparison');
		expect(plain.last.json[0].recommended).toHaveProperty('memory');
	});
});
