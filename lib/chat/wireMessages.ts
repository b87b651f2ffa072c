/**
 * The agent's conversation as OpenAI chat-completions messages, the format vLLM and LM Studio read.
 *
 * Reasoning the model produced in earlier turns is never sent back: n8n's agent keeps it in the conversation it
 * replays, and strict OpenAI-compatible servers reject unknown message fields, while the chat templates of the
 * reasoning models these servers run (Qwen3, gpt-oss) drop earlier reasoning anyway. (DeepSeek's hosted API is the
 * opposite case, n8n-io/n8n#22647 and #25161: it wants `reasoning_content` back; it is not a server this pack targets.)
 */
import { inputError } from '../errors';
import type { ChatContent, ChatMessage } from './types';

export type WireContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface WireToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export type WireMessage =
	| { role: 'system'; content: string }
	| { role: 'user'; content: string | WireContentPart[] }
	| { role: 'assistant'; content: string; tool_calls?: WireToolCall[] }
	| { role: 'tool'; tool_call_id: string; content: string };

type Block<T extends string> = Extract<ChatContent, { type: T }>;

function isBlock<T extends 'text' | 'tool-call' | 'tool-result' | 'file'>(type: T) {
	return (block: ChatContent): block is Block<T> => block.type === type;
}

function textOf(content: ChatContent[]): string {
	return content
		.filter(isBlock('text'))
		.map((block) => block.text)
		.join('');
}

/** A tool result as text: strings as they are, content blocks by their text, anything else as JSON. */
export function toolResultText(result: unknown): string {
	if (typeof result === 'string') return result;
	if (Array.isArray(result) && result.every((part) => typeof part === 'object' && part !== null && 'type' in part)) {
		return textOf(result as ChatContent[]);
	}
	return JSON.stringify(result ?? null);
}

function imageUrl(block: Block<'file'>): string {
	const mediaType = block.mediaType ?? 'application/octet-stream';
	if (!mediaType.startsWith('image/')) {
		throw inputError(
			`A ${mediaType} file was passed to the model; only images can be sent to vLLM / LM Studio chat models.`,
			'Send text or images, or turn off the agent\'s "Passthrough Binary Images" / PDF options for other files.',
		);
	}
	if (typeof block.data !== 'string') return `data:${mediaType};base64,${Buffer.from(block.data).toString('base64')}`;
	return /^(https?:|data:)/.test(block.data) ? block.data : `data:${mediaType};base64,${block.data}`;
}

function userContent(content: ChatContent[]): string | WireContentPart[] {
	const files = content.filter(isBlock('file'));
	if (files.length === 0) return textOf(content);
	const parts: WireContentPart[] = [];
	for (const block of content) {
		if (isBlock('text')(block)) parts.push({ type: 'text', text: block.text });
		else if (isBlock('file')(block)) parts.push({ type: 'image_url', image_url: { url: imageUrl(block) } });
	}
	return parts;
}

function assistantMessage(content: ChatContent[], position: number): WireMessage {
	const toolCalls = content.filter(isBlock('tool-call')).map(
		(call, index): WireToolCall => ({
			id: call.toolCallId || `call_${position}_${index}`,
			type: 'function',
			function: { name: call.toolName, arguments: call.input || '{}' },
		}),
	);
	// "" rather than null: chat templates that trim or concatenate the content break on null.
	return toolCalls.length > 0 ? { role: 'assistant', content: textOf(content), tool_calls: toolCalls } : { role: 'assistant', content: textOf(content) };
}

export function toWireMessages(messages: ChatMessage[]): WireMessage[] {
	const wire: WireMessage[] = [];
	messages.forEach((message, position) => {
		switch (message.role) {
			case 'system':
				wire.push({ role: 'system', content: textOf(message.content) });
				break;
			case 'user':
				wire.push({ role: 'user', content: userContent(message.content) });
				break;
			case 'assistant':
				wire.push(assistantMessage(message.content, position));
				break;
			case 'tool':
				for (const block of message.content.filter(isBlock('tool-result'))) {
					wire.push({ role: 'tool', tool_call_id: block.toolCallId, content: toolResultText(block.result) });
				}
				break;
		}
	});
	return wire;
}
