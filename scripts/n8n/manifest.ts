/** The node pack's package.json, as far as the launcher reads it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackManifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/** Reads a JSON file; undefined when it is missing or not JSON. */
export function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

/** The manifest; with `built`, throws unless every node and credential file it lists is in dist/. */
export function readPackManifest(projectRoot: string, { built = false } = {}): PackManifest {
	const raw = readJson<{ name?: string; version?: string; n8n?: Partial<PackManifest['n8n']> }>(path.join(projectRoot, 'package.json'));
	if (!raw?.name) throw new Error(`${projectRoot} has no package.json with a name`);
	const manifest: PackManifest = {
		name: raw.name,
		version: raw.version ?? '0.0.0',
		n8n: { nodes: raw.n8n?.nodes ?? [], credentials: raw.n8n?.credentials ?? [] },
	};
	if (built) {
		const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !fs.existsSync(path.join(projectRoot, file)));
		if (missing.length > 0) throw new Error(`The pack is not built (missing: ${missing.join(', ')}). Run \`npm run build\` first.`);
	}
	return manifest;
}
