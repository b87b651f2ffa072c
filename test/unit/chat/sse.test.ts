import { sseData } from '../../../lib/chat/sse';

async function collect(pieces: string[]): Promise<string[]> {
	async function* source() {
		for (const piece of pieces) yield Buffer.from(piece);
	}
	const out: string[] = [];
	for await (const data of sseData(source())) out.push(data);
	return out;
}

describe('sseData', () => {
	test('events split across chunks, CRLF, comments and multi-line data', async () => {
		const events = await collect([': keep-alive\r\n\r\ndata: {"a"', ':1}\r\n\r\nda', 'ta: line one\ndata: line two\n\nevent: x\ndata:[DONE]\n\n']);
		expect(events).toEqual(['{"a":1}', 'line one\nline two', '[DONE]']);
	});

	test('a last event without its blank line still comes out', async () => {
		expect(await collect(['data: {"b":2}'])).toEqual(['{"b":2}']);
	});
});
