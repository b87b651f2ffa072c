import { failureAnswer } from '../../../lib/request';

describe('failureAnswer', () => {
	test('refused input is a 400 without a server', () => {
		expect(
			failureAnswer({ kind: 'input', message: 'Item 0: Unknown GPU "Voodoo 5".', hint: 'Pick a GPU from the catalog.', step: 'Detect GPU', server: 'ignored' }),
		).toEqual({
			status: 400,
			error: 'Unknown GPU "Voodoo 5".',
			hint: 'Pick a GPU from the catalog.',
			server: null,
			step: 'Detect GPU',
			summary: 'Detect GPU refused the request: Unknown GPU "Voodoo 5".',
		});
	});

	test('a server that failed is a 502 naming it', () => {
		expect(failureAnswer({ kind: 'server', message: 'Could not reach LM Studio.', step: 'LM Studio: models', server: 'LM Studio' })).toEqual({
			status: 502,
			error: 'Could not reach LM Studio.',
			hint: null,
			server: 'LM Studio',
			step: 'LM Studio: models',
			summary: 'LM Studio could not answer: Could not reach LM Studio.',
		});
		expect(failureAnswer({ kind: 'server', message: 'timeout', step: 'Pick Quant Format' }).summary).toBe('Pick Quant Format could not answer: timeout');
	});

	test('anything else is a 500', () => {
		expect(failureAnswer({ kind: 'unknown', message: '' })).toMatchObject({ status: 500, error: 'Unknown error', summary: 'A step failed: Unknown error' });
	});
});
