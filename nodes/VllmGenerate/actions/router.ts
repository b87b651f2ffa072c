import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperation } from '../../common/router';
import * as adapter from './adapter';
import * as model from './model';
import * as text from './text';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, { text: text.operations, model: model.operations, adapter: adapter.operations });
}
