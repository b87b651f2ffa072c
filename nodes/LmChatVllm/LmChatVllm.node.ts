import { NodeConnectionTypes, type IDataObject, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { createVllmChatEngine } from '../../lib/chat';
import { OverlayChatModel } from '../chat/OverlayChatModel';
import { readChatOptions } from '../chat/properties';
import { supplyChatModel } from '../chat/supplyChatModel';
import { chatModelError } from '../chat/errors';
import { properties } from './properties';
import { searchModels } from './listSearch';

export class LmChatVllm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'vLLM Chat Model',
		name: 'lmChatVllm',
		icon: { light: 'file:vllm.svg', dark: 'file:vllm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["model"]?.value || $parameter["model"] }}',
		description: 'Chat model on a vLLM server for the AI Agent and chains, on a base model or a LoRA adapter loaded at runtime',
		defaults: { name: 'vLLM Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [{ name: 'vllmApi', required: true }],
		properties,
	};

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
