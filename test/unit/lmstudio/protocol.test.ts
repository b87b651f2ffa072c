import { OverlayError } from '../../../lib/errors';
import { buildChatBody, fromOpenAi, fromV0, fromV1, readGeneration, toJsonSchemaFormat } from '../../../lib/clients/lmstudio';
import { isUnexpectedEndpointBody } from '../../../lib/clients/lmstudio/capabilities';
import { describeLmStudioError } from '../../../lib/clients/lmstudio/errors';
import { checkReasoningEffort } from '../../../lib/clients/lmstudio/generateBody';
import { lmStudioChatSchema } from '../../../lib/clients/lmstudio/schemas';
import { parseServerError } from '../../../lib/clients/serverError';

describe('model normalisation with sparse fields', () => {
	it('v1 without loaded instances, quantization or capabilities', () => {
		expect(fromV1({ key: 'x', format: 'safetensors' })).toMatchObject({
			key: 'x',
			state: 'not-loaded',
			format: null,
			quantization: null,
			loadedContextLength: null,
			reasoning: null,
		});
	});

	it('v0 loaded model without loaded_context_length', () => {
		expect(fromV0({ id: 'y', state: 'loaded', type: 'embeddings', compatibility_type: 'mlx' })).toMatchObject({
			state: 'loaded',
			type: 'embedding',
			format: 'mlx',
			loadedContextLength: null,
			loadedInstances: [{ id: 'y', contextLength: null, parallel: null }],
		});
	});

	it('the bare OpenAI entry says nothing about state', () => {
		expect(fromOpenAi({ id: 'z' })).toMatchObject({ key: 'z', state: 'unknown', source: '/v1/models' });
	});
});

describe('chat body', () => {
	it('accepts a wrapped schema with its name and strictness', () => {
		expect(toJsonSchemaFormat({ name: 'joke', strict: false, schema: { type: 'object' } })).toEqual({ name: 'joke', strict: false, schema: { type: 'object' } });
	});

	it('rejects an unknown reasoning effort', () => {
		expect(() => buildChatBody({ model: 'm', prompt: 'p', reasoningEffort: 'max' as never })).toThrow(OverlayError);
	});

	it('checks the effort only where the server lists options', () => {
		const model = fromV1({ key: 'g', capabilities: { reasoning: { allowed_options: ['low', 'high'], default: 'low' } } });
		expect(checkReasoningEffort('high', model, true)).toEqual([]);
		expect(() => checkReasoningEffort('medium', model, true)).toThrow(/low, high/);
		expect(checkReasoningEffort('medium', fromV1({ key: 'plain' }), false)).toEqual([]);
		expect(checkReasoningEffort('medium', undefined, true)).toEqual([]);
	});
});

describe('reading the answer', () => {
	const base = { choices: [{ message: { content: '' }, finish_reason: 'stop' }] };

	it('reads structured output that landed in reasoning_content (#1698)', () => {
		const body = lmStudioChatSchema.parse({ ...base, choices: [{ message: { content: '', reasoning_content: '{"a":1}' }, finish_reason: 'stop' }] });
		const result = readGeneration(body, '/api/v0/chat/completions', 5, { jsonSchema: { type: 'object' } });
		expect(result.json).toEqual({ a: 1 });
		expect(result.warnings[0]).toMatch(/reasoning field/);
	});

	it('warns when only reasoning came back', () => {
		const body = lmStudioChatSchema.parse({ ...base, choices: [{ message: { content: '', reasoning: 'thinking...' }, finish_reason: 'length' }] });
		const result = readGeneration(body, '/api/v0/chat/completions', 5, {});
		expect(result.text).toBe('');
		expect(result.warnings[0]).toMatch(/raise Max Tokens/);
		expect(result.stats).toBeNull();
	});
});

describe('LM Studio error answers', () => {
	it('recognises its 200 answer to unknown routes', () => {
		expect(isUnexpectedEndpointBody({ error: 'Unexpected endpoint or method. (GET /api/v1/models)' })).toBe(true);
		expect(isUnexpectedEndpointBody({ error: { message: 'x' } })).toBe(false);
		expect(isUnexpectedEndpointBody({ models: [] })).toBe(false);
	});

	it.each([
		[400, { error: 'The model has crashed without additional information. (Exit code: 1)' }, /crashed/],
		[400, { error: { message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.", type: 'invalid_request_error', param: 'model', code: null } }, /no model loaded/],
		[404, { error: { message: 'Model "x" not found.', type: 'invalid_request_error', code: 'model_not_found' } }, /has no model "x"/],
		[400, { error: { message: 'Trying to keep the first 9000 tokens when context the overflows. However, the model is loaded with context length of 4096' } }, /does not fit/],
	])('HTTP %i %j', (status, body, expected) => {
		const described = describeLmStudioError({ model: 'x', tokenSet: false })(parseServerError(status, JSON.stringify(body)), status);
		expect(described?.message).toMatch(expected);
		expect(described?.hint).toBeTruthy();
	});

	it('leaves other errors to the shared layer', () => {
		expect(describeLmStudioError({ tokenSet: false })(parseServerError(500, '{"error":{"message":"boom"}}'), 500)).toBeUndefined();
	});
});
