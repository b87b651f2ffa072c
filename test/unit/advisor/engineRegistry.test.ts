import { ENGINE_IDS, ENGINES, ENGINE_SUPPORT, engineProfile, estimateMemory, findFormat, pickQuantFormat, supportFor } from '../../../lib/advisor';
import { isOverlayError } from '../../../lib/errors';
import { gpuFromCatalog } from '../../../lib/knowledge/gpuResolver';

function inputErrorOf(run: () => unknown): { message: string; hint?: string } {
	try {
		run();
	} catch (error) {
		expect(isOverlayError(error)).toBe(true);
		expect((error as { kind: string }).kind).toBe('input');
		return error as { message: string; hint?: string };
	}
	throw new Error('expected an input error');
}

describe('engine registry', () => {
	it('holds the five engines, each under its own id', () => {
		expect(ENGINE_IDS).toEqual(['vllm', 'llama.cpp', 'lmstudio', 'sglang', 'ollama']);
		for (const id of ENGINE_IDS) expect(ENGINES[id].id).toBe(id);
	});

	it('every support row of every engine cites a public URL and nothing outside the repository', () => {
		for (const id of ENGINE_IDS) {
			for (const row of ENGINES[id].support) {
				expect(row.source).toMatch(/https:\/\/[\w.-]+\.\w+\//);
				expect(row.source).not.toMatch(/shared\/reference|\.\.\/shared|(gpu-quant|vllm|lmstudio)\.md|§/);
				expect(row.kernel.length).toBeGreaterThan(2);
				expect(row.note.length).toBeGreaterThan(5);
			}
		}
	});

	it('ENGINE_SUPPORT is every profile\'s rows, tagged with the engine', () => {
		expect(ENGINE_SUPPORT).toHaveLength(ENGINE_IDS.reduce((n, id) => n + ENGINES[id].support.length, 0));
		expect(new Set(ENGINE_SUPPORT.map((row) => row.engine))).toEqual(new Set(ENGINE_IDS));
	});

	it('an unknown engine is an input error naming the engines there are, everywhere it can come in', async () => {
		const error = inputErrorOf(() => engineProfile('tgi'));
		expect(error.message).toBe('Unknown engine "tgi".');
		expect(error.hint).toBe('Use one of: vllm, llama.cpp, lmstudio, sglang, ollama.');
		inputErrorOf(() => estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'tgi' as never, contextLength: 1024 }));
		inputErrorOf(() => supportFor('tgi' as never, findFormat('MXFP4', 'gguf')!, gpuFromCatalog('h100-sxm')));
		await expect(pickQuantFormat({ gpus: ['h100-sxm'], model: 'gpt-oss-20b', engine: 'tgi' as never })).rejects.toMatchObject({
			kind: 'input',
			hint: 'Use one of: vllm, llama.cpp, lmstudio, sglang, ollama, any.',
		});
	});

	it('engine "any" plans every engine and labels each candidate with its engine', async () => {
		const result = await pickQuantFormat({ gpus: ['b200'], model: 'gpt-oss-20b', engine: 'any', contextLength: 8192 });
		expect(new Set(result.candidates.map((c) => c.engine))).toEqual(new Set(ENGINE_IDS));
		for (const c of result.candidates) expect(c.engineLabel).toBe(ENGINES[c.engine].label);
	});

	it('vLLM gets fp8, not a llama.cpp cache type, when q8_0 is asked for (it used to get --kv-cache-dtype q8_0)', async () => {
		const result = await pickQuantFormat({ gpus: ['h100-sxm'], model: 'llama-3.1-8b', engine: 'vllm', contextLength: 8192, kvCacheDtype: 'q8_0' });
		const args = result.recommended!.engineArgs.args;
		expect(args[args.indexOf('--kv-cache-dtype') + 1]).toBe('fp8');
		expect(result.recommended!.warnings.join(' ')).toMatch(/vLLM has no q8_0 KV cache/);
	});

	it('llama.cpp sizes an fp8 request as the q8_0 cache it really gets (34 bytes per 32 values)', () => {
		const asked = estimateMemory({ model: 'llama-3.1-8b', format: 'Q4_K_M', engine: 'llama.cpp', contextLength: 4096, kvCacheDtype: 'fp8' });
		const q8 = estimateMemory({ model: 'llama-3.1-8b', format: 'Q4_K_M', engine: 'llama.cpp', contextLength: 4096, kvCacheDtype: 'q8_0' });
		expect(asked.kvBytesPerToken).toBe(q8.kvBytesPerToken);
		expect(asked.kvBytesPerToken).toBe((32 * 2 * 8 * 128 * 34) / 32);
	});
});
