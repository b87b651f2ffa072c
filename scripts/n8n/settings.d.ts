export const PROJECT_ROOT: string;
export const CREDENTIALS: {
	vllm: { id: string; name: string; type: 'vllmApi' };
	lmStudio: { id: string; name: string; type: 'lmStudioApi' };
};

export interface LauncherSettings {
	projectRoot: string;
	cacheDir: string;
	port: number;
	brokerPort: number;
	host: string;
	userFolder: string;
	workflowsDir: string;
	env: Record<string, string | undefined>;
	readyTimeoutMs: number;
	credentialValues: {
		vllm: { baseUrl: string; apiKey: string; allowedAdapterPaths: string };
		lmStudio: { baseUrl: string; apiToken: string };
	};
}

export function resolveSettings(options?: {
	projectRoot?: string;
	cacheDir?: string;
	userFolder?: string;
	workflowsDir?: string;
	port?: number | string;
	brokerPort?: number | string;
	env?: Record<string, string | undefined>;
	readyTimeoutMs?: number;
}): LauncherSettings;
export function ensureEncryptionKey(userFolder: string): string;
export function n8nEnvironment(settings: LauncherSettings, node: { nodeBin: string }, encryptionKey: string): Record<string, string | undefined>;
