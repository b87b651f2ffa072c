export interface KnownNodeType {
	versions: Set<number>;
	credentials: Set<string>;
	/** n8n also offers it as `<type>Tool` to AI agents. */
	usableAsTool?: boolean;
}

export interface KnownTypes {
	packageName: string;
	/** Where the base node list came from: the installed n8n-nodes-base or the fallback table. */
	baseSource: string;
	nodes: Map<string, KnownNodeType>;
	packCredentialTypes: Set<string>;
	credentialTypes: Set<string>;
}

export function loadKnownTypes(options: { projectRoot: string; cacheDir: string }): KnownTypes;
export function baseTypesDir(cacheDir: string, packageName?: string): string;
