import { OverlayError } from '../../../lib/errors';
import { declareFields, describeFields, readFields, type FieldDeclaration } from '../../../lib/request';

/** The fields of workflow 00 (the pipeline), as its Read request node declares them. */
const pipeline: FieldDeclaration[] = [
	{ name: 'prompt', type: 'string', required: true },
	{ name: 'gpu', type: 'string' },
	{ name: 'count', type: 'wholeNumber', defaultValue: '1', min: '1', max: '1024' },
	{ name: 'engine', type: 'string', defaultValue: 'any', allowedValues: 'any, vllm, llama.cpp, lmstudio' },
	{ name: 'context', type: 'stringList' },
	{ name: 'adapterPath', type: 'string', needs: 'adapter' },
	{ name: 'adapter', type: 'string' },
	{ name: 'stream', type: 'boolean', defaultValue: 'false' },
	{ name: 'temperature', type: 'number', min: '0', max: '2' },
	{ name: 'metadata', type: 'json' },
];
const specs = declareFields(pipeline);

describe('readFields', () => {
	test('clean values, trimmed, with defaults; every declared field comes out', () => {
		const { fields, problems } = readFields({ prompt: '  Hello ', count: '4', context: 'one passage', stream: 'true', metadata: { run: 1 }, extra: 'x' }, specs);
		expect(problems).toEqual([]);
		expect(fields).toEqual({
			prompt: 'Hello',
			gpu: null,
			count: 4,
			engine: 'any',
			context: ['one passage'],
			adapterPath: null,
			adapter: null,
			stream: true,
			temperature: null,
			metadata: { run: 1 },
		});
	});

	test('one problem per field, each naming the field and what it must be', () => {
		const { problems } = readFields(
			{ prompt: 123, count: 0, engine: 'tensorrt', context: [1, 2], adapterPath: '/srv/a', stream: 'yes', temperature: 'hot' },
			specs,
		);
		expect(problems).toEqual([
			'"prompt" must be a string',
			'"count" must be a whole number from 1 to 1024',
			'"engine" must be one of any, vllm, llama.cpp, lmstudio',
			'"context" must be an array of strings',
			'"stream" must be true or false',
			'"temperature" must be a number from 0 to 2',
			'"adapterPath" needs "adapter" as well',
		]);
	});

	test('left out, null and blank count as not given: required fails, optional takes its default', () => {
		for (const prompt of [undefined, null, '', '   ']) {
			const { fields, problems } = readFields({ prompt, count: null, engine: '' }, specs);
			expect(problems).toEqual(['"prompt" is required']);
			expect(fields).toMatchObject({ prompt: null, count: 1, engine: 'any', context: [] });
		}
	});

	test('numbers: digit strings are numbers, fractions are not whole, ranges are inclusive', () => {
		expect(readFields({ prompt: 'x', count: 1024, temperature: '0.7' }, specs).fields).toMatchObject({ count: 1024, temperature: 0.7 });
		expect(readFields({ prompt: 'x', count: 1.5 }, specs).problems).toEqual(['"count" must be a whole number from 1 to 1024']);
		expect(readFields({ prompt: 'x', count: 1025 }, specs).problems).toHaveLength(1);
		expect(readFields({ prompt: 'x', temperature: Infinity }, specs).problems).toHaveLength(1);
	});

	test('lists drop blank entries', () => {
		expect(readFields({ prompt: 'x', context: ['a', ' ', 'b'] }, specs).fields.context).toEqual(['a', 'b']);
	});

	test('a body that is not an object', () => {
		for (const body of [[], 'text', 42, null]) expect(readFields(body, specs).problems).toEqual(['the body must be a JSON object']);
	});

	test('unknown fields: ignored, rejected by name, or kept', () => {
		const body = { prompt: 'x', extra: 1, more: 2 };
		expect(readFields(body, specs, 'ignore').fields).not.toHaveProperty('extra');
		expect(readFields(body, specs, 'reject').problems).toEqual([
			'"extra", "more" are not fields this request takes (it takes prompt, gpu, count, engine, context, adapterPath, adapter, stream, temperature, metadata)',
		]);
		expect(readFields(body, specs, 'keep').fields).toMatchObject({ extra: 1, more: 2 });
	});

	test('inherited and "__proto__" keys are plain fields, never the prototype', () => {
		const body = JSON.parse('{"prompt": "x", "__proto__": {"polluted": true}}');
		const { fields } = readFields(body, declareFields([{ name: 'prompt' }, { name: 'constructor', type: 'string', defaultValue: 'none' }]), 'keep');
		expect(fields.constructor).toBe('none');
		expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(fields, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('declareFields', () => {
	test('defaults are parsed by type', () => {
		const [list, json, flag] = declareFields([
			{ name: 'tags', type: 'stringList', defaultValue: '["a", "b"]' },
			{ name: 'meta', type: 'json', defaultValue: '{"k": 1}' },
			{ name: 'on', type: 'boolean', defaultValue: 'true' },
		]);
		expect([list.default, json.default, flag.default]).toEqual([['a', 'b'], { k: 1 }, true]);
		expect(declareFields([{ name: 'tags', type: 'stringList', defaultValue: 'a, b' }])[0].default).toEqual(['a', 'b']);
	});

	test.each([
		[[{ name: '' }], /has no name/],
		[[{ name: 'x', type: 'date' }], /unknown type "date"/],
		[[{ name: 'x', type: 'wholeNumber', defaultValue: '1.5' }], /default of field "x" is not a whole number/],
		[[{ name: 'x', type: 'json', defaultValue: '{' }], /default of field "x" is not valid JSON/],
		[[{ name: 'x', type: 'number', min: 'low' }], /minimum of field "x" is not a number/],
		[[{ name: 'x', allowedValues: 'a, b', defaultValue: 'c' }], /"c"\) is not one of its allowed values/],
		[[{ name: 'x' }, { name: 'x' }], /declared twice/],
		[[{ name: 'x', needs: 'y' }], /needs "y", which is not declared/],
	] as Array<[FieldDeclaration[], RegExp]>)('%j is a configuration error naming the field', (declarations, message) => {
		let thrown: unknown;
		try {
			declareFields(declarations);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(OverlayError);
		expect((thrown as OverlayError).kind).toBe('input');
		expect((thrown as OverlayError).message).toMatch(message);
		expect((thrown as OverlayError).hint).toEqual(expect.any(String));
	});
});

test('describeFields says what a caller may send', () => {
	expect(describeFields(specs.slice(0, 4))).toBe(
		'prompt (string, required), gpu (string), count (whole number from 1 to 1024, default 1), engine (string, one of any, vllm, llama.cpp, lmstudio, default "any")',
	);
});
