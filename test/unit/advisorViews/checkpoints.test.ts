import { pickQuantFormat } from '../../../lib/advisor';
import { briefCandidate, compareCheckpoints, mapComparison } from '../../../lib/advisorViews';
import { gpuFromCatalog } from '../../../lib/knowledge/index-gpu';

async function compare(gpuId: string, select: (engine: string) => boolean = () => true) {
	const gpus = [gpuFromCatalog(gpuId)];
	const result = await pickQuantFormat({ gpus, model: 'openai/gpt-oss-20b', engine: 'any', contextLength: 32768 });
	return compareCheckpoints({ ...result, candidates: result.candidates.filter((candidate) => select(candidate.engine)) }, gpus);
}

describe('compareCheckpoints (gpt-oss-20b, real advisor results)', () => {
	test('sm_120: both sides native, and the GGUF keeps MXFP4 (the INT4/INT8 claim is corrected)', async () => {
		const comparison = await compare('rtx-pro-6000-blackwell');
		expect(comparison.original).toMatchObject({ engine: 'sglang', checkpoint: 'safetensors', execution: 'native' });
		expect(comparison.ggufPorts[0]).toMatchObject({ format: 'MXFP4', checkpoint: 'gguf', execution: 'native' });
		expect(comparison.ggufPorts.every((candidate) => candidate.checkpoint === 'gguf')).toBe(true);
		expect(comparison.summary).toBe('On NVIDIA RTX PRO 6000 Blackwell Workstation Edition (sm_120): Both run natively on the tensor cores: no efficiency is lost either way.');
		expect(comparison.correction).toMatch(/keeps the MoE expert weights in MXFP4 \(ggml type 39\)/);
		// vLLM still runs the checkpoint weight-only there: listed where efficiency is lost.
		expect(comparison.efficiencyLost[0]).toMatch(/^vLLM \(MXFP4 safetensors\): weight-only\. /);
		expect(comparison.ggufFile).toBeNull();
	});

	test('sm_100: the original is native and the GGUF kernel is where efficiency is lost', async () => {
		const comparison = await compare('B200');
		expect(comparison.verdict).toBe(
			'The original checkpoint runs natively in vLLM; the GGUF runs int8-dot in llama.cpp (MXFP4 gguf): that kernel is where efficiency is lost, not the weights.',
		);
	});

	test('sm_120 without SGLang: the GGUF is native, the loss is on the vLLM side', async () => {
		const comparison = await compare('rtx-pro-6000-blackwell', (engine) => engine !== 'sglang');
		expect(comparison.verdict).toBe(
			'The GGUF runs natively in llama.cpp (MXFP4 gguf), while vLLM runs the original checkpoint weight-only: here the loss is on the vLLM side.',
		);
	});

	test('Hopper: neither side native; Turing: only one side runs, and the rejection says why', async () => {
		expect((await compare('H100')).verdict).toBe(
			'Neither runs natively on these tensor cores: vLLM runs the original weight-only, llama.cpp (MXFP4 gguf) runs int8-dot.',
		);
		const turing = await compare('T4');
		expect(turing.original).toBeNull();
		expect(turing.verdict).toMatch(/^Only one side can run here, so there is nothing to compare: .*get_min_capability/);
	});

	test('a GGUF file read from its header is set apart from the published ports', async () => {
		const gpus = [gpuFromCatalog('rtx-pro-6000-blackwell')];
		const result = await pickQuantFormat({ gpus, model: 'openai/gpt-oss-20b', engine: 'any', contextLength: 32768 });
		const file = '/models/mine.gguf';
		// The advisor names the file in a candidate's arguments; one port stands in for it here.
		const [port] = result.candidates.filter((candidate) => candidate.checkpoint === 'gguf');
		const fromFile = { ...port, engineArgs: { ...port.engineArgs, args: ['-m', file] } };
		const comparison = compareCheckpoints({ ...result, candidates: [...result.candidates.filter((c) => c !== port), fromFile] }, gpus, file);
		expect(comparison.ggufFile).toEqual({ path: file, candidates: [fromFile] });
		expect(comparison.ggufPorts).not.toContain(fromFile);
	});

	test('in brief', async () => {
		const brief = mapComparison(await compare('B200'), briefCandidate);
		expect(brief.original).toMatchObject({ engine: 'vllm', command: expect.stringContaining("vllm serve openai/gpt-oss-20b"), neededGiB: expect.any(Number) });
		expect(brief.original).not.toHaveProperty('memory');
	});
});
