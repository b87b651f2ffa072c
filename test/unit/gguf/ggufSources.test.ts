/** The GGUF File option under Allowed Sources, and a URL's user and password never reaching the output. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectGguf } from '../../../lib/gguf';
import { pickQuantFormat } from '../../../lib/advisor';
import { writeGguf } from '../../fixtures/gguf/writeGguf';

const PASSWORD = 'gguf-Password-Never-Shown';

describe('GGUF File and Allowed Sources', () => {
	let dir: string;
	let server: Server;
	let base: string;
	const authorizations: Array<string | undefined> = [];
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'gguf-sources-'));
		const path = join(dir, 'tiny.gguf');
		writeGguf(path, { 'general.architecture': { type: 'string', value: 'llama' }, 'general.alignment': { type: 'uint32', value: 32 } }, [
			{ name: 'blk.0.attn_q.weight', shape: [64, 64], ggmlType: 8, bytes: ((64 * 64) / 32) * 34 },
		]);
		const content = readFileSync(path);
		server = createServer((req, res) => {
			authorizations.push(req.headers.authorization);
			const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
			const start = Number(range?.[1] ?? 0);
			const end = Math.min(Number(range?.[2] ?? content.length - 1), content.length - 1);
			res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${content.length}` });
			res.end(content.subarray(start, end + 1));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		rmSync(dir, { recursive: true, force: true });
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('by default (the Hub only) a loopback URL is refused before any request, naming the setting', async () => {
		authorizations.length = 0;
		const error = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-8b', engine: 'llama.cpp', ggufFile: `${base}/tiny.gguf` }).catch((e) => e);
		expect(error).toMatchObject({ kind: 'input', message: /^The GGUF file URL http:\/\/127\.0\.0\.1:\d+\/tiny\.gguf was refused: the default .* allows huggingface, not 127\.0\.0\.1:\d+\.$/ });
		expect(error.hint).toMatch(/Allowed Sources option of Pick Quant Format or to OVERLAY_ALLOWED_SOURCES/);
		expect(authorizations).toHaveLength(0);
	});

	it('the source a plan shows (reasons, command, settings) has no user or password', async () => {
		const withCredentials = `${base.replace('http://', `http://reader:${PASSWORD}@`)}/tiny.gguf`;
		const result = await pickQuantFormat({ gpus: ['rtx-4090'], model: 'llama-3.1-8b', engine: 'llama.cpp', contextLength: 4096, ggufFile: withCredentials, sources: base });
		expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}`);
		const fromFile = result.candidates.find((c) => c.engineArgs.args.includes(`${base}/tiny.gguf`));
		expect(fromFile).toBeDefined();
		const shown = JSON.stringify(result);
		expect(shown).not.toContain(PASSWORD);
		expect(shown).not.toContain(Buffer.from(`reader:${PASSWORD}`).toString('base64'));
		expect((await inspectGguf(withCredentials, { sources: base })).source).toBe(`${base}/tiny.gguf`);
	});

	it('a local file is read only under an allowed folder', async () => {
		await expect(inspectGguf(join(dir, 'tiny.gguf'))).rejects.toMatchObject({ kind: 'input', message: /not under an allowed folder/ });
		expect((await inspectGguf(join(dir, 'tiny.gguf'), { sources: dir })).tensorCount).toBe(1);
	});
});
