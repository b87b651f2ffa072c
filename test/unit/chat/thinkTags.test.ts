import { splitThinkTags, ThinkTagSplitter } from '../../../lib/chat/thinkTags';

describe('<think> blocks', () => {
	test('a leading block is reasoning, the rest is the answer', () => {
		expect(splitThinkTags('<think>\nThe user asks for SQL.\n</think>\n\nSELECT 1;')).toEqual({ reasoning: '\nThe user asks for SQL.\n', text: 'SELECT 1;' });
	});

	test('text that only mentions the tag is left alone', () => {
		expect(splitThinkTags('Use <think> tags like this.')).toEqual({ text: 'Use <think> tags like this.', reasoning: '' });
	});

	test('streamed in pieces that cut the tags anywhere, the split is the same', () => {
		const whole = '  <think>plan it</think>\n\nAnswer: yes';
		for (let size = 1; size <= 6; size++) {
			const splitter = new ThinkTagSplitter();
			let text = '';
			let reasoning = '';
			for (let at = 0; at < whole.length; at += size) {
				const piece = splitter.push(whole.slice(at, at + size));
				text += piece.text;
				reasoning += piece.reasoning;
			}
			const rest = splitter.end();
			expect({ text: text + rest.text, reasoning: reasoning + rest.reasoning }).toEqual({ text: 'Answer: yes', reasoning: 'plan it' });
		}
	});

	test('an unclosed block is reasoning', () => {
		expect(splitThinkTags('<think>still thinking')).toEqual({ text: '', reasoning: 'still thinking' });
	});
});
