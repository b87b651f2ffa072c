/**
 * Reasoning a server leaves inside the answer text: models such as Qwen3 or DeepSeek-R1 write `<think>…</think>` before
 * the answer, and vLLM keeps it in `content` unless it runs with `--reasoning-parser`
 * (https://docs.vllm.ai/en/latest/features/reasoning_outputs/). Only a block that opens the answer counts, so an answer
 * that merely mentions the tag is left alone. Works on a whole text or on a stream of pieces.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitPiece {
	text: string;
	reasoning: string;
}

type State = 'start' | 'thinking' | 'after-thinking' | 'text';

export class ThinkTagSplitter {
	private state: State = 'start';
	private pending = '';

	/** Feeds the next piece of the answer; returns what can be told apart so far. */
	push(piece: string): SplitPiece {
		this.pending += piece;
		const out: SplitPiece = { text: '', reasoning: '' };
		for (;;) {
			if (this.state === 'start') {
				const trimmed = this.pending.trimStart();
				if (trimmed.startsWith(OPEN)) {
					this.pending = trimmed.slice(OPEN.length);
					this.state = 'thinking';
				} else if (OPEN.startsWith(trimmed)) {
					return out;
				} else {
					this.state = 'text';
				}
			} else if (this.state === 'thinking') {
				const end = this.pending.indexOf(CLOSE);
				if (end < 0) {
					const keep = partialSuffix(this.pending, CLOSE);
					out.reasoning += this.pending.slice(0, this.pending.length - keep);
					this.pending = this.pending.slice(this.pending.length - keep);
					return out;
				}
				out.reasoning += this.pending.slice(0, end);
				this.pending = this.pending.slice(end + CLOSE.length);
				this.state = 'after-thinking';
			} else if (this.state === 'after-thinking') {
				// The blank line between the reasoning and the answer belongs to neither.
				this.pending = this.pending.trimStart();
				if (this.pending === '') return out;
				this.state = 'text';
			} else {
				out.text += this.pending;
				this.pending = '';
				return out;
			}
		}
	}

	/** The rest, once the answer is complete. An unclosed `<think>` block is reasoning. */
	end(): SplitPiece {
		const rest = this.pending;
		this.pending = '';
		if (this.state === 'thinking') return { text: '', reasoning: rest };
		if (this.state === 'after-thinking') return { text: '', reasoning: '' };
		return { text: rest, reasoning: '' };
	}
}

/** How many characters at the end of `text` could be the start of `tag`. */
function partialSuffix(text: string, tag: string): number {
	for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
		if (text.endsWith(tag.slice(0, length))) return length;
	}
	return 0;
}

export function splitThinkTags(text: string): SplitPiece {
	const splitter = new ThinkTagSplitter();
	const first = splitter.push(text);
	const rest = splitter.end();
	return { text: first.text + rest.text, reasoning: first.reasoning + rest.reasoning };
}
