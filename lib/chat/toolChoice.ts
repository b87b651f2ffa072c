/**
 * Which `tool_choice` a request carries. The node's Tool Choice setting applies unless the caller asked for one: n8n's AI
 * Agent does when its "Force Tool Call on First Iteration" option is on, with LangChain's provider-neutral `any`, which
 * vLLM answers with HTTP 400 ("Only named tools, "none", "auto" or "required" are supported"); it becomes `required`.
 * No tools, no `tool_choice`: vLLM refuses a `tool_choice` without `tools`.
 */
import { inputError } from '../errors';
import type { ChatMessage, ChatTool } from './types';

/** The node setting. `required-first`: a tool call is required until the model has seen a tool result for this question (n8n-io/n8n#31135). */
export type ToolChoiceSetting = 'auto' | 'required' | 'required-first' | 'none';

export type WireToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

export type ToolChoiceDialect = 'vllm' | 'lmstudio';

interface ToolChoiceSupport {
	named: boolean;
	source: string;
}

/** What each server accepts besides auto / none / required. */
export const TOOL_CHOICE_SUPPORT: Record<ToolChoiceDialect, ToolChoiceSupport> = {
	vllm: {
		// "named function calling, as well as the auto, required (as of vllm>=0.8.3), and none options"
		named: true,
		source: 'https://docs.vllm.ai/en/latest/features/tool_calling/',
	},
	lmstudio: {
		// 0.3.15 changelog: tool_choice "auto" | "none" | "required"; no named choice is documented.
		named: false,
		source: 'https://lmstudio.ai/docs/developer/api-changelog',
	},
};

/** True while the model has not yet seen a tool result after the last user message. */
export function isFirstToolRound(messages: ChatMessage[]): boolean {
	for (let i = messages.length - 1; i >= 0; i--) {
		if (messages[i].role === 'tool') return false;
		if (messages[i].role === 'user') return true;
	}
	return true;
}

/** LangChain / n8n spellings of a requested choice: `any`, `required`, `auto`, `none`, a tool name or an OpenAI object. */
export function readRequestedToolChoice(value: unknown, tools: ChatTool[]): WireToolChoice | undefined {
	if (value === undefined || value === null) return undefined;
	if (value === 'any' || value === 'required') return 'required';
	if (value === 'auto' || value === 'none') return value;
	const name =
		typeof value === 'string'
			? value
			: (value as { function?: { name?: unknown } }).function?.name ?? (value as { name?: unknown }).name;
	if (typeof name === 'string' && tools.some((tool) => tool.name === name)) return { type: 'function', function: { name } };
	throw inputError(
		`The tool choice ${JSON.stringify(value)} names no tool connected to the agent.`,
		`Connected tools: ${tools.map((tool) => tool.name).join(', ') || 'none'}.`,
	);
}

export function resolveToolChoice(input: {
	tools: ChatTool[];
	messages: ChatMessage[];
	setting: ToolChoiceSetting;
	requested?: WireToolChoice;
	dialect: ToolChoiceDialect;
}): WireToolChoice | undefined {
	if (input.tools.length === 0) return undefined;
	const choice = input.requested ?? fromSetting(input.setting, input.messages);
	if (typeof choice === 'object' && !TOOL_CHOICE_SUPPORT[input.dialect].named) return 'required';
	return choice;
}

function fromSetting(setting: ToolChoiceSetting, messages: ChatMessage[]): WireToolChoice {
	if (setting === 'required-first') return isFirstToolRound(messages) ? 'required' : 'auto';
	return setting;
}
