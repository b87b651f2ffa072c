/**
 * The hot-path checks must accept nothing their zod schema rejects (then zod words the same error
 * as before) and must accept the real answers. Every field of real answers is replaced, one at a
 * time, with values of every JSON type, and both are asked.
 */
import type { ZodType } from 'zod';
import { isChatCompletion, isTextCompletion } from '../../../lib/clients/completionShapes';
import { isLmStudioChat } from '../../../lib/clients/lmstudio/chatShape';
import { lmStudioChatSchema } from '../../../lib/clients/lmstudio/schemas';
import { chatCompletionSchema, textCompletionSchema } from '../../../lib/clients/openaiCompatible';

const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 };
const vllmChat = {
	id: 'chatcmpl-1',
	object: 'chat.completion',
	created: 1,
	model: 'Qwen/Qwen3-8B',
	choices: [{ index: 0, message: { role: 'assistant', content: 'hi', reasoning: 'r', reasoning_content: 'r', tool_calls: [] }, logprobs: null, finish_reason: 'stop', stop_reason: null }],
	usage,
};
const vllmText = { id: 'cmpl-1', object: 'text_completion', model: 'm', choices: [{ index: 0, text: 'hi', logprobs: null, finish_reason: 'length' }], usage };
const lmStudioChat = {
	...vllmChat,
	stats: { tokens_per_second: 51.4, time_to_first_token: 0.111, generation_time: 0.954, stop_reason: 'eosFound' },
	model_info: { arch: 'gpt-oss', quant: 'MXFP4', format: 'gguf', context_length: 4096 },
	runtime: { name: 'llama.cpp-linux-x86_64-nvidia-cuda12-avx2', version: '1.48.0', supported_formats: ['gguf'] },
};

const REPLACEMENTS: unknown[] = [undefined, null, 0, 1.5, '', 'x', true, [], [1], ['x'], {}, { a: 1 }];

/** Every variant of `body` with one field (at any depth) replaced, or the whole body replaced. */
function variants(body: unknown): unknown[] {
	const result: unknown[] = [...REPLACEMENTS];
	if (Array.isArray(body)) {
		body.forEach((entry, index) => {
			for (const variant of variants(entry)) result.push(body.map((other, i) => (i === index ? variant : other)));
		});
	} else if (body !== null && typeof body === 'object') {
		for (const [key, value] of Object.entries(body)) {
			for (const variant of variants(value)) {
				const copy: Record<string, unknown> = { ...body };
				if (variant === undefined) delete copy[key];
				else copy[key] = variant;
				result.push(copy);
			}
		}
	}
	return result;
}

describe.each([
	['chat completion', isChatCompletion, chatCompletionSchema, vllmChat],
	['text completion', isTextCompletion, textCompletionSchema, vllmText],
	['LM Studio chat', isLmStudioChat, lmStudioChatSchema, lmStudioChat],
] as Array<[string, (value: unknown) => boolean, ZodType, unknown]>)('%s check', (_name, accepts, schema, real) => {
	it('accepts the real answer', () => {
		expect(accepts(real)).toBe(true);
	});

	it('accepts only what the zod schema accepts, and most of it', () => {
		let agreed = 0;
		const all = variants(real);
		for (const variant of all) {
			const zodAccepts = schema.safeParse(variant).success;
			if (accepts(variant)) expect({ variant, zodAccepts }).toEqual({ variant, zodAccepts: true });
			if (accepts(variant) === zodAccepts) agreed++;
		}
		// Stricter is allowed (zod then decides), but the check must not fall back to zod for ordinary answers.
		expect(agreed).toBe(all.length);
	});
});
