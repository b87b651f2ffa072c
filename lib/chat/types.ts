/**
 * The chat shapes n8n's AI node SDK (@n8n/ai-node-sdk 0.31.x, `Message`, `GenerateResult`, `StreamChunk`) passes to a
 * chat model, written out here so that lib/ stays free of n8n imports. They are structurally the SDK's own types: the
 * sub-nodes hand them over unchanged, and the compiler checks that they still match.
 */

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export type ChatContent =
	| { type: 'text'; text: string }
	| { type: 'reasoning'; text: string }
	| { type: 'tool-call'; toolCallId?: string; toolName: string; input: string }
	| { type: 'tool-result'; toolCallId: string; result: unknown; isError?: boolean }
	| { type: 'file'; mediaType?: string; data: string | Uint8Array }
	| { type: string };

export interface ChatMessage {
	role: ChatRole;
	content: ChatContent[];
	name?: string;
	id?: string;
}

/** A function the model may call, its parameters already as JSON Schema. */
export interface ChatTool {
	name: string;
	description?: string;
	parameters: Record<string, unknown>;
	strict?: boolean;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

export interface TokenUsage {
	promptTokens: number;
	completionTokens: number;
	totalTokens: number;
	inputTokenDetails?: { cacheRead?: number };
	outputTokenDetails?: { reasoning?: number };
}

export interface ChatToolCall {
	id: string;
	name: string;
	/** The arguments exactly as the server sent them (a JSON text). */
	arguments: string;
}

/** One answer of the server, read: the text and the reasoning apart, and the tool calls. */
export interface ChatAnswer {
	id: string | null;
	model: string | null;
	text: string;
	/** From `reasoning` / `reasoning_content`, or from `<think>` tags the server left in the text. */
	reasoning: string | null;
	toolCalls: ChatToolCall[];
	finishReason: FinishReason;
	/** The server's own word, e.g. "tool_calls", "length". */
	serverFinishReason: string | null;
	usage: TokenUsage | null;
}

export interface GenerateResult {
	id?: string;
	finishReason?: FinishReason;
	usage?: TokenUsage;
	message: ChatMessage;
	providerMetadata?: Record<string, unknown>;
}

export type StreamChunk =
	| { type: 'text-delta'; delta: string; id?: string }
	| { type: 'reasoning-delta'; delta: string; id?: string }
	| { type: 'tool-call-delta'; id?: string; name?: string; argumentsDelta?: string }
	| { type: 'finish'; finishReason: FinishReason; usage?: TokenUsage };
