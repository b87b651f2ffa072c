/**
 * The chat model the two sub-nodes hand to n8n: the SDK's BaseChatModel, with generate and stream delegated to the
 * plain-TS ChatEngine (lib/chat). Why not the SDK's `supplyModel(this, { type: 'openai', ... })`, which builds
 * LangChain's ChatOpenAI inside n8n? Checked against n8n 2.41.1 (@n8n/ai-utilities 0.34.1, @langchain/openai 1.4.4):
 * - reasoning: ChatOpenAI reads `reasoning_content` but not `reasoning` (vLLM >= 0.17, LM Studio >= 0.3.23); ours reads
 *   both, takes `<think>` blocks out of the text, and never sends reasoning back;
 * - tool_choice: ours never sends `tool_choice` without tools or an empty `tools` list (both 400 on vLLM), maps the
 *   agent's `any` to `required`, and offers "required on the first round" (n8n-io/n8n#31135);
 * - errors: ChatOpenAI's errors reach n8n as "Bad request - please check your parameters"; ours carry the Generate
 *   nodes' messages and fixes (unknown model with the served list, context length, runtime LoRA, missing tool parser);
 * - HTTP: ours uses the pack's transport (keep-alive agent per server, HTTP_PROXY / HTTPS_PROXY / NO_PROXY as n8n
 *   routes them, for streams too), timeout (default 10 min, not the 5 min n8n users hit: #24496), retries and abort, and
 *   the LoRA adapter is loaded (single flight) before the first request.
 */
import { BaseChatModel, getParametersJsonSchema, type ChatModelConfig, type GenerateResult, type Message, type StreamChunk, type Tool } from '@n8n/ai-node-sdk';
import type { INode } from 'n8n-workflow';
import { toGenerateResult, type ChatEngine, type ChatTool } from '../../lib/chat';
import { chatModelError } from './errors';

export class OverlayChatModel extends BaseChatModel {
	private requestedToolChoice: unknown;

	constructor(
		provider: string,
		private readonly engine: ChatEngine,
		private readonly node: INode,
	) {
		super(provider, engine.model);
	}

	/** A copy that sends this tool choice (what the agent passed to bindTools) instead of the node's setting. */
	withToolChoice(choice: unknown): OverlayChatModel {
		const copy = Object.assign(Object.create(Object.getPrototypeOf(this)) as OverlayChatModel, this);
		copy.requestedToolChoice = choice;
		return copy;
	}

	async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		try {
			const answer = await this.engine.generate(messages, this.call(config));
			return toGenerateResult(answer) as GenerateResult;
		} catch (error) {
			throw chatModelError(this.node, error);
		}
	}

	async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		try {
			yield* this.engine.stream(messages, this.call(config));
		} catch (error) {
			throw chatModelError(this.node, error);
		}
	}

	private call(config: ChatModelConfig | undefined) {
		// The SDK's adapter passes LangChain's call options, whose cancel signal is `signal`.
		const options = (config ?? {}) as ChatModelConfig & { signal?: AbortSignal };
		return { tools: this.tools.map(toChatTool), requestedToolChoice: this.requestedToolChoice, signal: options.abortSignal ?? options.signal };
	}
}

function toChatTool(tool: Tool): ChatTool {
	if (tool.type !== 'function') {
		throw new Error(`The tool "${tool.name}" is a provider tool; vLLM and LM Studio chat models only call function tools.`);
	}
	return { name: tool.name, description: tool.description, parameters: getParametersJsonSchema(tool) as Record<string, unknown>, strict: tool.strict };
}
