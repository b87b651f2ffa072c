/**
 * The "model" behind the vLLM and LM Studio fakes' chat routes when a test wants tool calls: a script reads the
 * conversation the way a model would see it and says what to answer. The fakes wrap the reply in each server's own wire
 * format (ids, finish reasons, streaming pieces) and apply the server's `tool_choice` rules.
 */

export interface FakeToolSpec {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
}

export interface FakeChatTurn {
	model: string;
	messages: Array<Record<string, unknown>>;
	tools: FakeToolSpec[];
	/** The text of the last user message. */
	lastUser: string;
	/** The tool results (role "tool" contents) after the last user message, oldest first. */
	toolResults: string[];
}

export interface FakeToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

export interface FakeChatReply {
	content?: string;
	reasoning?: string;
	toolCalls?: FakeToolCall[];
}

export type FakeChatScript = (turn: FakeChatTurn) => FakeChatReply;

type Json = Record<string, unknown>;

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof (part as Json)?.text === 'string' ? (part as Json).text : '')).join('');
	return '';
}

export function readTurn(body: Json): FakeChatTurn {
	const messages = (Array.isArray(body.messages) ? body.messages : []) as Json[];
	let lastUserAt = -1;
	messages.forEach((message, index) => {
		if (message.role === 'user') lastUserAt = index;
	});
	const tools = (Array.isArray(body.tools) ? body.tools : []) as Json[];
	return {
		model: String(body.model ?? ''),
		messages,
		tools: tools.map((tool) => {
			const fn = (tool.function ?? {}) as Json;
			return { name: String(fn.name ?? ''), description: String(fn.description ?? ''), parameters: (fn.parameters ?? {}) as Json };
		}),
		lastUser: lastUserAt >= 0 ? textOf(messages[lastUserAt].content) : '',
		toolResults: messages.slice(lastUserAt + 1).filter((message) => message.role === 'tool').map((message) => textOf(message.content)),
	};
}

interface Schema {
	type?: string | string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
}

/** Arguments that satisfy a tool's JSON schema, as guided decoding would produce for `tool_choice: required`. */
export function argumentsFromSchema(schema: Schema): unknown {
	if (schema.enum?.length) return schema.enum[0];
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	if (type === 'object' || schema.properties) {
		return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, argumentsFromSchema(sub)]));
	}
	if (type === 'array') return schema.items ? [argumentsFromSchema(schema.items)] : [];
	if (type === 'integer' || type === 'number') return 1;
	if (type === 'boolean') return true;
	return 'x';
}

/** What the fakes say when no script is set: the model echoes the last user message. */
export function echoReply(turn: FakeChatTurn, label: string): FakeChatReply {
	return { content: `${label} ${turn.lastUser}` };
}

/** Splits text into the pieces a server streams (a word and its following space per event). */
export function streamPieces(text: string): string[] {
	return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Splits a JSON text into a few pieces, as tool parsers stream arguments. */
export function argumentPieces(text: string): string[] {
	if (text.length <= 4) return [text];
	const third = Math.ceil(text.length / 3);
	return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)];
}

/** Writes one server-sent event. */
export function sseEvent(data: unknown): string {
	return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
