import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import * as generate from './generate';
import * as listModels from './listModels';
import * as loadAdapter from './loadAdapter';
import * as unloadAdapter from './unloadAdapter';

export const operations: Record<string, { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> }> = {
	generate,
	listModels,
	loadAdapter,
	unloadAdapter,
};

export const operationProperties = [...generate.properties, ...listModels.properties, ...loadAdapter.properties, ...unloadAdapter.properties];
