import { NodeConnectionTypes, type IDataObject, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { createLmStudioChatEngine } from '../../lib/chat';
import { LMSTUDIO_DEFAULT_BASE_URL } from '../../lib/clients/lmstudio';
import { OverlayChatModel } from '../chat/OverlayChatModel';
import { readChatOptions } from '../chat/properties';
import { supplyChatModel } from '../chat/supplyChatModel';
import { chatModelError } from '../chat/errors';
import { properties } from './properties';
import { searchModels } from './listSearch';

export class LmChatLmStudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LM Studio Chat Model',
		name: 'lmChatLmStudio',
		icon: { light: 'file:lmStudio.svg', dark: 'file:lmStudio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["model"]?.value || $parameter["model"] }}',
		description: 'Chat model on an LM Studio server for the AI Agent and chains (gpt-oss, Qwen, Llama...), with tool calls and streaming',
		defaults: { name: 'LM Studio Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [{ name: 'lmStudioApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchModels } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const credentials = await this.getCredentials('lmStudioApi');
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const engine = createLmStudioChatEngine({
				baseUrl: typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : LMSTUDIO_DEFAULT_BASE_URL,
				apiToken: typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined,
				model: this.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string,
				ttlSeconds: typeof options.ttlSeconds === 'number' ? options.ttlSeconds : undefined,
				...readChatOptions(options),
			});
			return supplyChatModel(this, new OverlayChatModel('lmstudio', engine, this.getNode()));
		} catch (error) {
			throw chatModelError(this.getNode(), error);
		}
	}
}
