import type { IDataObject, INodeType, INodeTypeDescription, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { createVllmChatEngine } from '../../lib/chat';
import { OverlayChatModel } from '../chat/OverlayChatModel';
import { readChatOptions } from '../chat/properties';
import { supplyChatModel } from '../chat/supplyChatModel';
import { chatModelError } from '../chat/errors';
import { description } from './description';
import { searchModels } from './listSearch';

export class LmChatVllm implements INodeType {
	description: INodeTypeDescription = description;

	methods = { listSearch: { searchModels } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const credentials = await this.getCredentials('vllmApi');
		try {
			const engine = createVllmChatEngine({
				baseUrl: String(credentials.baseUrl ?? ''),
				apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
				allowedAdapterPaths: typeof credentials.allowedAdapterPaths === 'string' ? credentials.allowedAdapterPaths : '',
				model: this.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string,
				adapterPath: (this.getNodeParameter('adapterPath', itemIndex, '') as string) || undefined,
				...readChatOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
			});
			return supplyChatModel(this, new OverlayChatModel('vllm', engine, this.getNode()));
		} catch (error) {
			throw chatModelError(this.getNode(), error);
		}
	}
}
