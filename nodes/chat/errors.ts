/**
 * Errors of a chat model, for n8n. The AI Agent keeps only an error's message in its error output (the V3 agent's
 * "Continue on Fail" item is `{ error: message }`) and only its description in a streamed chat (`type: "error"`), so the
 * message states the problem and the fix, and the description repeats the fix.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { isOverlayError } from '../../lib/errors';

export function chatModelError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!isOverlayError(error)) return new NodeOperationError(node, error instanceof Error ? error : String(error));
	const message = error.hint ? `${error.message} ${error.hint}` : error.message;
	if (error.kind === 'input' || error.kind === 'cancelled') return new NodeOperationError(node, message, { description: error.hint });
	const response: JsonObject = { message: error.message };
	if (error.serverMessage) response.serverMessage = error.serverMessage;
	return new NodeApiError(node, response, { message, description: error.hint, httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined });
}
