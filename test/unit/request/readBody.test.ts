import { DEFAULT_LIMITS, declareFields, readBody } from '../../../lib/request';

const fields = declareFields([
	{ name: 'prompt', required: true },
	{ name: 'reasoningEffort', allowedValues: 'low, medium, high' },
]);
const options = { fields, limits: DEFAULT_LIMITS, hint: 'Send JSON such as {"prompt": "Why is the sky blue?"}.' };
const text = (body: string) => ({ text: body, byteLength: Buffer.byteLength(body) });

describe('readBody', () => {
	test('a good body gives the clean fields', () => {
		expect(readBody({ parsed: { prompt: 'Hi', reasoningEffort: 'low' } }, options)).toEqual({ valid: true, fields: { prompt: 'Hi', reasoningEffort: 'low' } });
		expect(readBody(text('\ufeff{"prompt": "Hi"}'), options)).toEqual({ valid: true, fields: { prompt: 'Hi', reasoningEffort: null } });
	});

	test('field problems: a 400 answer in the shape every workflow answers with', () => {
		expect(readBody({ parsed: { prompt: 123 } }, options)).toEqual({
			valid: false,
			answer: {
				status: 400,
				error: 'Bad request: "prompt" must be a string.',
				hint: 'Send JSON such as {"prompt": "Why is the sky blue?"}.',
				summary: 'The request was not run: "prompt" must be a string.',
			},
		});
	});

	test('a body nested 100,000 deep is a 400 that says how deep it may be, parsed or as text', () => {
		const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
		for (const body of [{ parsed: JSON.parse(deep) }, text(deep)]) {
			const outcome = readBody(body, options);
			expect(outcome).toMatchObject({ valid: false, answer: { status: 400, error: 'Bad request: the body is nested deeper than 32 levels of objects and arrays.' } });
			expect(!outcome.valid && outcome.answer.hint).toMatch(/^Send a flatter body \(at most 32 levels\)\. Send JSON such as/);
		}
	});

	test('a body over the size limit is a 413, parsed or as text', () => {
		const limits = { maxBytes: 64, maxDepth: 32 };
		const body = { prompt: 'x'.repeat(100) };
		for (const input of [{ parsed: body }, text(JSON.stringify(body))]) {
			expect(readBody(input, { ...options, limits })).toMatchObject({
				valid: false,
				answer: { status: 413, error: 'Request too large: the body is larger than 64 bytes.', hint: expect.stringMatching(/^Send a smaller body \(at most 64 bytes\)/) },
			});
		}
		expect(readBody({ parsed: body }, { ...options, limits: { maxBytes: 1024 * 1024, maxDepth: 32 } }).valid).toBe(true);
	});

	test('text that is not JSON is a 400 saying so; empty text is an empty body', () => {
		const outcome = readBody(text('{"prompt": '), options);
		expect(outcome).toMatchObject({ valid: false, answer: { status: 400, error: expect.stringMatching(/^Bad request: the body is not valid JSON \(/) } });
		expect(readBody(text(''), options)).toMatchObject({ valid: false, answer: { error: 'Bad request: "prompt" is required.' } });
	});

	test('without a hint, the hint lists the declared fields', () => {
		const outcome = readBody({ parsed: {} }, { fields, limits: DEFAULT_LIMITS });
		expect(!outcome.valid && outcome.answer.hint).toBe(
			'Send a JSON object (Content-Type: application/json) with: prompt (string, required), reasoningEffort (string, one of low, medium, high).',
		);
	});
});
