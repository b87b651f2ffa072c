/** Runs the chosen operation over the items with the shared item runner. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { LmStudioClient } from '../../lib/clients/lmstudio';
import { readRequestOptions } from '../shared/descriptions';
import { runItems } from '../shared/runItems';
import type { Operation } from './operations/common';
import { generate, readGenerateRequestOptions } from './operations/generate';
import { listModels } from './operations/listModels';
import { loadModel } from './operations/loadModel';
import { unloadModel } from './operations/unloadModel';
import { clientPool } from './transport';

type OperationHandler = (ctx: IExecuteFunctions, itemIndex: number, client: LmStudioClient, signal: AbortSignal) => Promise<IDataObject | IDataObject[]>;

const OPERATIONS: Record<Operation, OperationHandler> = { generate, listModels, loadModel, unloadModel };

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const handler = OPERATIONS[operation];
	const clientFor = clientPool(this);
	// Load and unload change server state: one at a time, in item order.
	const concurrency = operation === 'generate' && this.getInputData().length > 0 ? readGenerateRequestOptions(this, 0).concurrency : 1;
	const items = await runItems(
		this,
		async ({ itemIndex, signal }) => {
			const request = operation === 'generate' ? readGenerateRequestOptions(this, itemIndex) : readRequestOptions({}, 1);
			return handler(this, itemIndex, await clientFor(request), signal);
		},
		{ concurrency },
	);
	return [items];
}
