/**
 * The router both Generate nodes share, in the shape of n8n's vendor nodes (resource + operation,
 * each operation in actions/<resource>/<operation>.operation.ts). Resource and operation are read
 * once; the operation prepares what holds for the whole execution (client, concurrency, readers),
 * then the item runner runs it over the items.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { toNodeError } from './nodeErrors';
import { runItems, type ItemHandler } from './runItems';

export interface PreparedOperation {
	/** Items in flight at once; 1 for operations that change server state, so they run in item order. */
	concurrency: number;
	runItem: ItemHandler;
}

export interface Operation {
	prepare(this: IExecuteFunctions): Promise<PreparedOperation> | PreparedOperation;
}

export type Resources = Record<string, Record<string, Operation>>;

function find(resources: Resources, resource: string, operation: string): Operation | undefined {
	const operations = Object.prototype.hasOwnProperty.call(resources, resource) ? resources[resource] : undefined;
	return operations && Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
}

export async function routeOperation(ctx: IExecuteFunctions, resources: Resources): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const selected = find(resources, resource, operation);
	if (!selected) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of resource "${resource}" is not supported.`);
	let prepared: PreparedOperation;
	try {
		prepared = await selected.prepare.call(ctx);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, 0);
	}
	return [await runItems(ctx, prepared.runItem, { concurrency: prepared.concurrency })];
}
