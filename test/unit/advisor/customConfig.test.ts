import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateMemory, loadModel, parameterGroups, pickQuantFormat, findModel } from '../../../lib/advisor';
import { isOverlayError } from '../../../lib/errors';

const FIXTURES = join(__dirname, '../../fixtures/models');
const gptOssPath = join(FIXTURES, 'gpt-oss-20b.config.json');
const qwenPath = join(FIXTURES, 'qwen3-30b-a3b.config.json');

describe('custom model from a Hugging Face config.json', () => {
	let server: Server;
	let base: string;
	/** Allowed Sources for this test: the fixtures folder and the test's own loopback server, explicitly. */
	let sources: string;
	beforeAll(async () => {
		server = createServer((req, res) => {
			if (req.url === '/qwen/config.json') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(readFileSync(qwenPath));
			} else if (req.url === '/broken/config.json') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"hidden_size": 2048,');
			} else {
				res.writeHead(404);
				res.end('not found');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		sources = `${FIXTURES}, ${base}`;
	});
	afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

	it('a gpt-oss config (pasted JSON) gives the catalog parameter counts, MXFP4 experts and sliding layers', async () => {
		const model = await loadModel(readFileSync(gptOssPath, 'utf8'));
		expect(model.nativeFormat).toBe('MXFP4');
		expect(model.moe).toMatchObject({ numExperts: 32, expertsPerToken: 4, expertIntermediateSize: 2880, moeLayerCount: 24 });
		expect(model.layerTypes.filter((t) => t === 'sliding')).toHaveLength(12);
		expect(model.slidingWindow).toBe(128);
		expect(parameterGroups(model).total).toBe(parameterGroups(findModel('gpt-oss-20b')!).total);
		const e = estimateMemory({ model, format: 'MXFP4', engine: 'llama.cpp', contextLength: 4096 });
		expect(e.kvBytesPerToken).toBe(24 * 1024);
	});

	it('a Qwen3 MoE config from a local path: 30.5 B parameters, every layer full attention', async () => {
		const model = await loadModel(qwenPath, { sources });
		expect(model.moe?.numExperts).toBe(128);
		expect(model.slidingWindow).toBeNull();
		expect(Math.abs(parameterGroups(model).total - 30.53e9) / 30.53e9).toBeLessThan(0.01);
		expect(parameterGroups(model).total).toBe(parameterGroups(findModel('qwen3-30b-a3b')!).total);
	});

	it('a config from an http URL drives the picker', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: `${base}/qwen/config.json`, engine: 'llama.cpp', contextLength: 8192, sources });
		expect(result.model.id).toMatch(/^custom:/);
		expect(result.recommended?.fits).toBe(true);
		expect(result.recommended?.engineArgs.args[0]).toBe('-m');
	});

	it('an object works as well, and quantization_config picks the checkpoint format', async () => {
		const config = JSON.parse(readFileSync(qwenPath, 'utf8'));
		config.quantization_config = { quant_method: 'awq', bits: 4, group_size: 128 };
		const model = await loadModel(config);
		expect(model.nativeFormat).toBe('AWQ');
	});

	it.each([
		['malformed JSON text', '{"num_hidden_layers": 2,'],
		['a JSON array', '[1, 2]'],
		['a config without layers', '{"hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100}'],
		['a missing file', '/nonexistent/config.json'],
	])('%s -> input error with a hint', async (_label, input) => {
		await expect(loadModel(input, { sources: '/nonexistent' })).rejects.toMatchObject({ kind: 'input' });
		try {
			await loadModel(input, { sources: '/nonexistent' });
		} catch (error) {
			expect(isOverlayError(error)).toBe(true);
			expect((error as { hint?: string }).hint).toBeTruthy();
		}
	});

	it('malformed JSON from a URL -> input error; 404 -> http error', async () => {
		await expect(loadModel(`${base}/broken/config.json`, { sources })).rejects.toMatchObject({ kind: 'input', message: /not valid JSON/ });
		await expect(loadModel(`${base}/missing/config.json`, { sources })).rejects.toMatchObject({ kind: 'http', httpStatus: 404 });
	});
});
