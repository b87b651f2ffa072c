import { checkBodyText, checkParsedBody, DEFAULT_LIMITS } from '../../../lib/request';

const deepObjectText = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArrayText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const limits = { maxBytes: 1000, maxDepth: 4 };

describe('checkParsedBody', () => {
	test('a 100,000-deep body (parsed by V8 without recursion) is refused at the limit, without a stack overflow', () => {
		for (const text of [deepObjectText(100_000), deepArrayText(100_000)]) {
			expect(checkParsedBody(JSON.parse(text), DEFAULT_LIMITS)).toEqual({ kind: 'depth', limit: 32 });
		}
	});

	test('depth counts objects and arrays; the body is level 1', () => {
		expect(checkParsedBody({ a: [{ b: [] }] }, limits)).toBeNull();
		expect(checkParsedBody({ a: [{ b: [[]] }] }, limits)).toEqual({ kind: 'depth', limit: 4 });
		// Scalars do not add a level.
		expect(checkParsedBody([[[['x']]]], limits)).toBeNull();
	});

	test('size is that of the compact JSON text, UTF-8', () => {
		const body = { prompt: 'é'.repeat(10) };
		const compactBytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
		expect(checkParsedBody(body, { maxBytes: compactBytes, maxDepth: 4 })).toBeNull();
		expect(checkParsedBody(body, { maxBytes: compactBytes - 1, maxDepth: 4 })).toEqual({ kind: 'size', limit: compactBytes - 1 });
		const mixed = { a: [1, true, null, 'x'], b: { c: 2.5 } };
		const mixedBytes = JSON.stringify(mixed).length;
		expect(checkParsedBody(mixed, { maxBytes: mixedBytes, maxDepth: 4 })).toBeNull();
		expect(checkParsedBody(mixed, { maxBytes: mixedBytes - 1, maxDepth: 4 })).not.toBeNull();
	});

	test('a wide array over the limit is refused before its elements are looked at', () => {
		const wide = new Array(2_000_000).fill(0);
		expect(checkParsedBody(wide, DEFAULT_LIMITS)).toEqual({ kind: 'size', limit: DEFAULT_LIMITS.maxBytes });
	});

	test('scalars and empty bodies pass', () => {
		expect(checkParsedBody(undefined, limits)).toBeNull();
		expect(checkParsedBody('text', limits)).toBeNull();
		expect(checkParsedBody({}, limits)).toBeNull();
	});
});

describe('checkBodyText', () => {
	test('reads the nesting without parsing, and stops past the limit', () => {
		expect(checkBodyText(deepObjectText(100_000), 600_000, DEFAULT_LIMITS)).toEqual({ kind: 'depth', limit: 32 });
		expect(checkBodyText(deepObjectText(4), 30, limits)).toBeNull();
		expect(checkBodyText(deepObjectText(5), 30, limits)).toEqual({ kind: 'depth', limit: 4 });
	});

	test('brackets inside strings, escaped quotes included, do not count', () => {
		expect(checkBodyText(JSON.stringify({ a: '[[[[[{{{{{', b: 'say \\"[[[[[\\"' }), 40, limits)).toBeNull();
		expect(checkBodyText('{"a": "\\\\", "b": [[[[1]]]]}', 30, limits)).toEqual({ kind: 'depth', limit: 4 });
	});

	test('the byte length given is checked first', () => {
		expect(checkBodyText('{}', 1001, limits)).toEqual({ kind: 'size', limit: 1000 });
		expect(checkBodyText('{}', 1000, limits)).toBeNull();
	});
});
