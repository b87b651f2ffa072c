/**
 * Hands an OverlayChatModel to n8n through the SDK's supplyModel. The SDK's LangChain adapter drops the options of
 * bindTools(tools, { tool_choice }), so the AI Agent's "Force Tool Call on First Iteration" would silently do nothing;
 * this passes the requested choice on to the model (checked against @n8n/ai-utilities 0.34.1, where the adapter keeps
 * the model as `chatModel`). When a later SDK changes that, the wrapper steps aside and the node's Tool Choice applies.
 */
import { supplyModel } from '@n8n/ai-node-sdk';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { OverlayChatModel } from './OverlayChatModel';

interface LangChainAdapter {
	bindTools?: (tools: unknown[], kwargs?: { tool_choice?: unknown }) => unknown;
}

export function supplyChatModel(ctx: ISupplyDataFunctions, model: OverlayChatModel): SupplyData {
	const supplied = supplyModel(ctx, model);
	const adapter = supplied.response as LangChainAdapter;
	const bindTools = adapter.bindTools?.bind(adapter);
	if (bindTools) {
		adapter.bindTools = (tools, kwargs) => {
			const bound = bindTools(tools) as { chatModel?: unknown };
			if (kwargs?.tool_choice !== undefined && bound.chatModel instanceof OverlayChatModel) {
				bound.chatModel = bound.chatModel.withToolChoice(kwargs.tool_choice);
			}
			return bound;
		};
	}
	return supplied;
}
