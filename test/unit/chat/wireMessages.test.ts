import { toolResultText, toWireMessages } from '../../../lib/chat/wireMessages';
import type { ChatMessage } from '../../../lib/chat';

describe('toWireMessages', () => {
	test('a two-round tool conversation becomes OpenAI messages, reasoning left out', () => {
		const messages: ChatMessage[] = [
			{ role: 'system', content: [{ type: 'text', text: 'You plan GPU deployments.' }] },
			{ role: 'user', content: [{ type: 'text', text: 'Can I run gpt-oss-120b on two RTX 5090s?' }] },
			{
				role: 'assistant',
				content: [
					{ type: 'reasoning', text: 'Need the GPUs first.' },
					{ type: 'tool-call', toolCallId: 'call_1', toolName: 'Detect_GPU', input: '{"gpu":"rtx-5090","count":2}' },
				],
			},
			{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', result: '[{"text":"2 x RTX 5090"}]' }] },
			{ role: 'assistant', content: [{ type: 'text', text: 'Two RTX 5090 have 64 GB.' }] },
		];
		expect(toWireMessages(messages)).toEqual([
			{ role: 'system', content: 'You plan GPU deployments.' },
			{ role: 'user', content: 'Can I run gpt-oss-120b on two RTX 5090s?' },
			{ role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Detect_GPU', arguments: '{"gpu":"rtx-5090","count":2}' } }] },
			{ role: 'tool', tool_call_id: 'call_1', content: '[{"text":"2 x RTX 5090"}]' },
			{ role: 'assistant', content: 'Two RTX 5090 have 64 GB.' },
		]);
		expect(JSON.stringify(toWireMessages(messages))).not.toMatch(/reasoning|Need the GPUs/);
	});

	test('parallel tool results become one tool message each; a call without arguments sends {}', () => {
		const wire = toWireMessages([
			{ role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'one', input: '' }, { type: 'tool-call', toolCallId: 'b', toolName: 'two', input: '{"x":1}' }] },
			{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', result: { ok: true } }, { type: 'tool-result', toolCallId: 'b', result: 'fine' }] },
		]);
		expect(wire[0]).toMatchObject({ tool_calls: [{ id: 'a', function: { arguments: '{}' } }, { id: 'b' }] });
		expect(wire.slice(1)).toEqual([
			{ role: 'tool', tool_call_id: 'a', content: '{"ok":true}' },
			{ role: 'tool', tool_call_id: 'b', content: 'fine' },
		]);
	});

	test('images go as image_url parts; other files are refused with a fix', () => {
		const wire = toWireMessages([
			{ role: 'user', content: [{ type: 'text', text: 'What is on it?' }, { type: 'file', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
		]);
		expect(wire[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'What is on it?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] });
		expect(() => toWireMessages([{ role: 'user', content: [{ type: 'file', mediaType: 'application/pdf', data: 'JVBERi0=' }] }])).toThrow(/only images/);
	});

	test('tool results given as content blocks are sent as their text', () => {
		expect(toolResultText([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])).toBe('ab');
		expect(toolResultText(null)).toBe('null');
	});
});
