import { isFirstToolRound, readRequestedToolChoice, resolveToolChoice } from '../../../lib/chat/toolChoice';
import type { ChatMessage, ChatTool } from '../../../lib/chat';

const tools: ChatTool[] = [{ name: 'Detect_GPU', parameters: { type: 'object', properties: {} } }];
const question: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'hi' }] };
const call: ChatMessage = { role: 'assistant', content: [{ type: 'tool-call', toolCallId: '1', toolName: 'Detect_GPU', input: '{}' }] };
const result: ChatMessage = { role: 'tool', content: [{ type: 'tool-result', toolCallId: '1', result: 'x' }] };

describe('tool choice', () => {
	test('no tools, no tool_choice (vLLM refuses a choice without tools)', () => {
		expect(resolveToolChoice({ tools: [], messages: [question], setting: 'required', dialect: 'vllm' })).toBeUndefined();
	});

	test('required on the first round only: a tool result after the question switches to auto', () => {
		expect(isFirstToolRound([question])).toBe(true);
		expect(isFirstToolRound([question, call, result])).toBe(false);
		expect(isFirstToolRound([question, call, result, { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }, question])).toBe(true);
		expect(resolveToolChoice({ tools, messages: [question], setting: 'required-first', dialect: 'vllm' })).toBe('required');
		expect(resolveToolChoice({ tools, messages: [question, call, result], setting: 'required-first', dialect: 'vllm' })).toBe('auto');
	});

	test("the agent's LangChain 'any' becomes 'required'; a tool name becomes a named choice on vLLM, required on LM Studio", () => {
		expect(readRequestedToolChoice('any', tools)).toBe('required');
		const named = readRequestedToolChoice('Detect_GPU', tools);
		expect(named).toEqual({ type: 'function', function: { name: 'Detect_GPU' } });
		expect(resolveToolChoice({ tools, messages: [question], setting: 'auto', requested: named, dialect: 'vllm' })).toEqual(named);
		expect(resolveToolChoice({ tools, messages: [question], setting: 'auto', requested: named, dialect: 'lmstudio' })).toBe('required');
		expect(() => readRequestedToolChoice('Nope', tools)).toThrow(/names no tool/);
	});
});
