import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** An LM Studio server (its Developer page server, or `lms server start`). */
export class LmStudioApi implements ICredentialType {
	name = 'lmStudioApi';

	displayName = 'LM Studio API';

	icon: Icon = { light: 'file:../nodes/LmStudioGenerate/lmStudio.svg', dark: 'file:../nodes/LmStudioGenerate/lmStudio.dark.svg' };

	documentationUrl = 'https://github.com/overlay-agi/n8n-nodes-overlay-agi#lm-studio-generate';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:1234',
			placeholder: 'http://localhost:1234',
			description:
				'Where the LM Studio server listens, without /v1. LM Studio binds 127.0.0.1 by default: when n8n runs in Docker or on another machine, start it with "Serve on Local Network" (or lms server start --bind 0.0.0.0) and use that address.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Only when "Require Authentication" is on (LM Studio 0.4+): create one under Developer > Server Settings > Manage Tokens. Leave empty otherwise.',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
		if (token) requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` };
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
