import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectGguf } from '../../../lib/gguf';
import { estimateMemory, pickQuantFormat } from '../../../lib/advisor';
import { writeGguf, type GgufTensorSpec } from '../../fixtures/gguf/writeGguf';

// Block layouts (ggml-common.h): MXFP4 17 B per 32 values, Q8_0 34 B per 32, F32 4 B per value.
const MXFP4 = 39;
const Q8_0 = 8;
const F32 = 0;
const mxfp4Bytes = (n: number) => (n / 32) * 17;
const q8Bytes = (n: number) => (n / 32) * 34;

const TENSORS: GgufTensorSpec[] = [
	{ name: 'token_embd.weight', shape: [64, 100], ggmlType: Q8_0, bytes: q8Bytes(6400) },
	{ name: 'blk.0.attn_q.weight', shape: [64, 64], ggmlType: Q8_0, bytes: q8Bytes(4096) },
	{ name: 'blk.0.attn_norm.weight', shape: [64], ggmlType: F32, bytes: 64 * 4 },
	{ name: 'blk.0.ffn_gate_exps.weight', shape: [64, 32, 4], ggmlType: MXFP4, bytes: mxfp4Bytes(8192) },
	{ name: 'blk.0.ffn_down_exps.weight', shape: [32, 64, 4], ggmlType: MXFP4, bytes: mxfp4Bytes(8192) },
	{ name: 'output.weight', shape: [64, 100], ggmlType: Q8_0, bytes: q8Bytes(6400) },
];
const TOTAL_BYTES = TENSORS.reduce((a, t) => a + t.bytes, 0);
const MXFP4_BYTES = mxfp4Bytes(8192) * 2;
const PARAMS = 6400 + 4096 + 64 + 8192 + 8192 + 6400;

describe('inspectGguf on a GGUF v3 file built by the test', () => {
	let path: string;
	let server: Server;
	let base: string;
	/** Allowed Sources: the test's folder and its own loopback server, explicitly. */
	let sources: string;
	const rangeHeaders: string[] = [];

	beforeAll(async () => {
		const dir = mkdtempSync(join(tmpdir(), 'gguf-'));
		path = join(dir, 'tiny-gpt-oss-mxfp4.gguf');
		writeGguf(
			path,
			{
				'general.architecture': { type: 'string', value: 'gpt-oss' },
				'general.name': { type: 'string', value: 'tiny gpt-oss' },
				'general.file_type': { type: 'uint32', value: 38 },
				'general.alignment': { type: 'uint32', value: 32 },
				'gpt-oss.context_length': { type: 'uint32', value: 131072 },
				'gpt-oss.block_count': { type: 'uint32', value: 1 },
				'gpt-oss.embedding_length': { type: 'uint32', value: 64 },
				'gpt-oss.attention.head_count': { type: 'uint32', value: 4 },
				'gpt-oss.attention.head_count_kv': { type: 'uint32', value: 2 },
				'gpt-oss.attention.sliding_window': { type: 'uint32', value: 128 },
				'gpt-oss.expert_count': { type: 'uint32', value: 4 },
				'gpt-oss.expert_used_count': { type: 'uint32', value: 2 },
				'tokenizer.ggml.tokens': { type: 'string[]', value: Array.from({ length: 100 }, (_, i) => `t${i}`) },
			},
			TENSORS,
		);
		writeFileSync(join(dir, 'not.gguf'), 'hello, not a gguf file');
		const content = readFileSync(path);
		server = createServer((req, res) => {
			if (req.url !== '/tiny.gguf') {
				res.writeHead(404);
				res.end('missing');
				return;
			}
			const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
			if (!range) {
				res.writeHead(200, { 'content-length': content.length });
				res.end(content);
				return;
			}
			rangeHeaders.push(req.headers.range!);
			const start = Number(range[1]);
			const end = Math.min(range[2] ? Number(range[2]) : content.length - 1, content.length - 1);
			res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${content.length}`, 'content-length': end - start + 1 });
			res.end(content.subarray(start, end + 1));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		sources = `${dir}, ${base}`;
	});
	afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

	function checkInspection(result: Awaited<ReturnType<typeof inspectGguf>>): void {
		expect(result.version).toBe(3);
		expect(result.architecture).toBe('gpt-oss');
		expect(result.contextLength).toBe(131072);
		expect(result.tensorCount).toBe(6);
		expect(result.weightBytes).toBe(TOTAL_BYTES);
		expect(result.expertWeightBytes).toBe(MXFP4_BYTES);
		expect(result.parameterCount).toBe(PARAMS);
		expect(result.metadata.fileType).toBe('MXFP4_MOE');
		expect(result.metadata).toMatchObject({ headCount: 4, headCountKv: 2, expertCount: 4, expertUsedCount: 2, slidingWindow: 128, vocabSize: 100 });
		const byType = Object.fromEntries(result.tensorTypes.map((t) => [t.type, t]));
		expect(Object.keys(byType).sort()).toEqual(['F32', 'MXFP4', 'Q8_0']);
		expect(byType.MXFP4.bytes).toBe(MXFP4_BYTES);
		expect(byType.MXFP4.share).toBeCloseTo(MXFP4_BYTES / TOTAL_BYTES, 10);
		expect(byType.Q8_0.tensors).toBe(3);
		expect(byType.F32.bytes).toBe(256);
		expect(result.tensorTypes.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 10);
		expect(result.dominantType).toBe('Q8_0');
	}

	it('reads a local path', async () => {
		checkInspection(await inspectGguf(path, { sources }));
	});

	it('reads over HTTP with Range requests', async () => {
		checkInspection(await inspectGguf(`${base}/tiny.gguf`, { sources }));
		expect(rangeHeaders[0]).toMatch(/^bytes=0-/);
	});

	it('a missing URL is an http error; a non-GGUF file and a missing path are input errors', async () => {
		await expect(inspectGguf(`${base}/nope.gguf`, { sources })).rejects.toMatchObject({ kind: 'http', httpStatus: 404 });
		await expect(inspectGguf(join(path, '..', 'not.gguf'), { sources })).rejects.toMatchObject({ kind: 'input' });
		await expect(inspectGguf(join(path, '..', 'absent.gguf'), { sources })).rejects.toMatchObject({ kind: 'input' });
		await expect(inspectGguf('')).rejects.toMatchObject({ kind: 'input' });
	});

	it('estimateMemory uses the exact header bytes when given', async () => {
		const gguf = await inspectGguf(path, { sources });
		const e = estimateMemory({ model: 'gpt-oss-20b', format: 'MXFP4', engine: 'llama.cpp', contextLength: 1024, gguf });
		expect(e.weightsBytes).toBe(TOTAL_BYTES);
	});

	it('pickQuantFormat turns a GGUF file into a candidate with its real tensor types', async () => {
		const result = await pickQuantFormat({ gpus: ['rtx-5090'], model: 'gpt-oss-20b', engine: 'llama.cpp', contextLength: 4096, ggufFile: path, sources });
		const fromFile = result.candidates.find((c) => c.engineArgs.args.includes(path))!;
		expect(fromFile.format).toBe('MXFP4');
		expect(fromFile.memory.weightsBytes).toBe(TOTAL_BYTES);
		expect(fromFile.execution).toBe('native');
		expect(fromFile.reasons.join(' ')).toMatch(/MXFP4 \d+\.\d %/);
	});
});
