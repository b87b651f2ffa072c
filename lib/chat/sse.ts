/**
 * Server-sent events as vLLM and LM Studio send them on `stream: true`: `data: <json>` events separated by blank lines,
 * ending with `data: [DONE]` (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 */

export const DONE = '[DONE]';

/** The `data` of each event, in order; comments and other fields are skipped. */
export async function* sseData(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
	const decoder = new TextDecoder();
	let buffer = '';
	let data: string[] = [];
	const line = function* (text: string): Generator<string> {
		if (text === '') {
			if (data.length > 0) yield data.join('\n');
			data = [];
			return;
		}
		if (text.startsWith(':')) return;
		const colon = text.indexOf(':');
		const field = colon < 0 ? text : text.slice(0, colon);
		if (field !== 'data') return;
		const value = colon < 0 ? '' : text.slice(colon + 1);
		data.push(value.startsWith(' ') ? value.slice(1) : value);
	};
	for await (const chunk of chunks) {
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		const lines = buffer.split(/\r\n|\r|\n/);
		buffer = lines.pop() ?? '';
		for (const text of lines) yield* line(text);
	}
	buffer += decoder.decode();
	if (buffer !== '') yield* line(buffer);
	yield* line('');
}
