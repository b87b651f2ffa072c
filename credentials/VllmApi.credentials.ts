import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** A vLLM server (or another OpenAI-compatible server) reached over HTTP. */
export class VllmApi implements ICredentialType {
	name = 'vllmApi';

	displayName = 'vLLM API';

	icon: Icon = { light: 'file:../nodes/VllmGenerate/vllm.svg', dark: 'file:../nodes/VllmGenerate/vllm.dark.svg' };

	documentationUrl = 'https://github.com/overlay-agi/n8n-nodes-overlay-agi#vllm-generate-with-lora';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:8000',
			placeholder: 'http://localhost:8000',
			description: 'Where the vLLM server (vllm serve) listens, without /v1',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Only when vLLM was started with --api-key (or VLLM_API_KEY); leave empty otherwise',
		},
		{
			displayName: 'Allowed Adapter Paths',
			name: 'allowedAdapterPaths',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: '/models/lora\nhf:my-org',
			description:
				'Where LoRA adapters may be loaded from, one prefix per line or comma-separated: absolute folders on the vLLM host (/models/lora allows /models/lora/x, not /models/lora-x), hf:org or hf:org/name for Hugging Face repositories, or * for any path. Empty allows no runtime loads, so a webhook cannot make the server load an arbitrary path. Paths with .. are always refused.',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
		if (apiKey) requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${apiKey}` };
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).replace(/\\/+$/, "").replace(/\\/v1$/, "") }}',
			url: '/v1/models',
			method: 'GET',
		},
	};
}
