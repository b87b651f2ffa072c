import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** The Hugging Face Hub (or a mirror) that Pick Quant Format reads model configs and safetensors headers from. */
export class HuggingFaceHubApi implements ICredentialType {
	name = 'huggingFaceHubApi';

	displayName = 'Hugging Face Hub API';

	icon: Icon = { light: 'file:../nodes/PickQuantFormat/pickQuantFormat.svg', dark: 'file:../nodes/PickQuantFormat/pickQuantFormat.dark.svg' };

	documentationUrl = 'https://github.com/overlay-agi/n8n-nodes-overlay-agi#models-from-the-hugging-face-hub';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: 'https://huggingface.co',
			placeholder: 'https://huggingface.co',
			description: 'The Hub, or a mirror that serves /<repo>/resolve/<revision>/<file> the same way (like HF_ENDPOINT). Its host must be in Allowed Sources.',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'A read token (hf_...) for gated or private models; leave empty for public ones',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.token === 'string' ? credentials.token.trim() : '';
		if (token) requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` };
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.endpoint || "https://huggingface.co").replace(/\\/+$/, "") }}',
			url: '/api/whoami-v2',
			method: 'GET',
		},
	};
}
