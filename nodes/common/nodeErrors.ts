/**
 * Turns library errors into n8n errors that name the item and the fix: bad input becomes a
 * NodeOperationError, a server that said no or is away becomes a NodeApiError.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { isOverlayError } from '../../lib/errors';

export type NodeError = NodeApiError | NodeOperationError;

function withItem(message: string, itemIndex: number): string {
	return /\bitem \d+\b/i.test(message) ? message : `Item ${itemIndex}: ${message}`;
}

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (isOverlayError(error)) {
		const message = withItem(error.message, itemIndex);
		if (error.kind === 'input' || error.kind === 'cancelled') {
			return new NodeOperationError(node, message, { itemIndex, description: error.hint });
		}
		const response: JsonObject = { message: error.message };
		if (error.serverMessage) response.serverMessage = error.serverMessage;
		const apiError = new NodeApiError(node, response, {
			message,
			description: error.hint,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
		// Without a hint, NodeApiError takes the response's message as the description: the message twice.
		if (error.hint === undefined) apiError.description = undefined;
		return apiError;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, withItem(message, itemIndex), { itemIndex });
}

/** What Continue on Fail puts in the item: the message, the fix, and the HTTP status when there was one. */
export function errorToJson(error: NodeError): JsonObject {
	const json: JsonObject = { error: error.message };
	if (error.description) json.hint = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
