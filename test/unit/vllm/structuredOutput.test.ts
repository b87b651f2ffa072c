import { chooseStructuredOutputField, structuredOutputBody } from '../../../lib/clients/vllm/structuredOutput';
import { versionAtLeast } from '../../../lib/clients/vllm/version';

describe('structured output field by server', () => {
	it.each([
		['0.9.2', 'guided_json'],
		['0.10.1', 'guided_json'],
		['0.10.2', 'structured_outputs'],
		['0.11.2', 'structured_outputs'],
		['0.12.0', 'structured_outputs'],
		['0.32.0', 'structured_outputs'],
		['0.12.0rc1+cu128', 'structured_outputs'],
	])('auto on vLLM %s sends %s', (version, field) => {
		expect(chooseStructuredOutputField('auto', { isVllm: true, version })).toBe(field);
	});

	it('auto without a version sends the OpenAI response_format', () => {
		expect(chooseStructuredOutputField('auto', { isVllm: false, version: null })).toBe('response_format');
	});

	it('new and legacy are taken as asked', () => {
		expect(chooseStructuredOutputField('new', { isVllm: true, version: '0.9.0' })).toBe('structured_outputs');
		expect(chooseStructuredOutputField('legacy', { isVllm: true, version: '0.32.0' })).toBe('guided_json');
	});

	it('builds each body shape', () => {
		const schema = { type: 'object' };
		expect(structuredOutputBody('structured_outputs', schema)).toEqual({ structured_outputs: { json: schema } });
		expect(structuredOutputBody('guided_json', schema)).toEqual({ guided_json: schema });
		expect(structuredOutputBody('response_format', schema)).toEqual({
			response_format: { type: 'json_schema', json_schema: { name: 'output', schema } },
		});
	});

	it('compares versions numerically', () => {
		expect(versionAtLeast('0.10.10', '0.10.2')).toBe(true);
		expect(versionAtLeast('0.9.9', '0.10.0')).toBe(false);
		expect(versionAtLeast('garbage', '0.1.0')).toBe(false);
	});
});
