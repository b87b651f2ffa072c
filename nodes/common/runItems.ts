/**
 * Runs a per-item handler over the input with bounded concurrency. Output keeps input order and
 * pairing whatever finishes first. With Continue on Fail a failed item becomes a paired error
 * item and every other item still comes out; without it, the first failure stops the rest
 * (in-flight requests are aborted) and is thrown.
 */
import { setMaxListeners } from 'node:events';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { errorToJson, toNodeError, type NodeError } from './nodeErrors';

export interface ItemContext {
	itemIndex: number;
	/** Fires when the execution is cancelled or another item failed without Continue on Fail. */
	signal: AbortSignal;
}

export type ItemHandler = (item: ItemContext) => Promise<IDataObject | IDataObject[]>;

export interface RunItemsOptions {
	/** Items in flight at once; 1 = one after another. */
	concurrency?: number;
}

export async function runItems(
	ctx: IExecuteFunctions,
	handler: ItemHandler,
	options: RunItemsOptions = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const results: INodeExecutionData[][] = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const stop = new AbortController();
	// Every request in flight listens on this one signal; more than 10 at once is expected, not a leak.
	setMaxListeners(Number.MAX_SAFE_INTEGER, stop.signal);
	const cancelSignal = ctx.getExecutionCancelSignal?.();
	const onCancel = () => stop.abort(cancelSignal?.reason);
	if (cancelSignal?.aborted) stop.abort(cancelSignal.reason);
	else cancelSignal?.addEventListener('abort', onCancel, { once: true });

	let next = 0;
	let firstFailure: NodeError | undefined;

	const worker = async () => {
		while (firstFailure === undefined) {
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			try {
				const output = await handler({ itemIndex, signal: stop.signal });
				results[itemIndex] = (Array.isArray(output) ? output : [output]).map((json) => ({
					json,
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				const nodeError = toNodeError(ctx.getNode(), error, itemIndex);
				if (continueOnFail && !cancelSignal?.aborted) {
					results[itemIndex] = [
						// n8n routes an item to the error output by its `error` field, and then keeps only the
						// message in its json; the error itself carries the fix (description) and httpCode.
						toErrorOutput
							? { json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } }
							: { json: errorToJson(nodeError), pairedItem: { item: itemIndex } },
					];
				} else if (firstFailure === undefined) {
					firstFailure = nodeError;
					stop.abort(nodeError);
				}
			}
		}
	};

	const width = Math.max(1, Math.min(Math.floor(options.concurrency ?? 1) || 1, items.length || 1));
	try {
		await Promise.all(Array.from({ length: width }, worker));
	} finally {
		cancelSignal?.removeEventListener('abort', onCancel);
	}
	if (firstFailure !== undefined) throw firstFailure;
	return results.flat();
}
