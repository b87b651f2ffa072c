/**
 * Which node types (with their typeVersions) and credential types a workflow may use: this pack's,
 * read from its built classes in dist/, and n8n's base and AI (LangChain) nodes, read from the
 * installed n8n-nodes-base and @n8n/n8n-nodes-langchain (dist/types/*.json) or, before the first
 * install, from base-nodes-fallback.json. Nodes marked usableAsTool also exist as `<type>Tool`,
 * which n8n generates at start (see validate-workflows.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fallback from './base-nodes-fallback.json';
import { readPackManifest } from './manifest';

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

interface Description {
	name: string;
	version: number | number[];
	credentials?: Array<{ name: string }>;
	usableAsTool?: unknown;
}

type NodeInstance = { description: Description; nodeVersions?: Record<string, { description: Description }> };

function versionsOf(version: number | string | Array<number | string>): number[] {
	return (Array.isArray(version) ? version : [version]).map(Number);
}

function addNodeType(map: Map<string, KnownNodeType>, type: string, versions: number[], credentials: string[], usableAsTool = false): void {
	const entry: KnownNodeType = map.get(type) ?? { versions: new Set<number>(), credentials: new Set<string>() };
	for (const version of versions) entry.versions.add(version);
	for (const name of credentials) entry.credentials.add(name);
	if (usableAsTool) entry.usableAsTool = true;
	map.set(type, entry);
}

/** Loads a built class the way n8n does: `new (require(file)[<file name before the first dot>])()`. */
function instantiate<T>(projectRoot: string, file: string): T {
	const className = path.basename(file).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built file, loaded as n8n loads it
	const Class = (require(path.join(projectRoot, file)) as Record<string, unknown>)[className];
	if (typeof Class !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return new (Class as new () => T)();
}

function loadPackTypes(projectRoot: string) {
	const manifest = readPackManifest(projectRoot, { built: true });
	const nodes = new Map<string, KnownNodeType>();
	for (const file of manifest.n8n.nodes) {
		const instance = instantiate<NodeInstance>(projectRoot, file);
		const descriptions = instance.nodeVersions ? Object.values(instance.nodeVersions).map((v) => v.description) : [instance.description];
		const versions = instance.nodeVersions ? Object.keys(instance.nodeVersions) : instance.description.version;
		const credentials = descriptions.flatMap((d) => (d.credentials ?? []).map((c) => c.name));
		addNodeType(nodes, `${manifest.name}.${instance.description.name}`, versionsOf(versions), credentials, Boolean(instance.description.usableAsTool));
	}
	const credentialTypes = new Set(manifest.n8n.credentials.map((file) => instantiate<{ name: string }>(projectRoot, file).name));
	return { packageName: manifest.name, nodes, credentialTypes };
}

export function baseTypesDir(cacheDir: string, packageName = 'n8n-nodes-base'): string {
	return path.join(cacheDir, 'n8n', 'node_modules', packageName, 'dist', 'types');
}

/** The packages whose node types come with n8n itself. */
const BUILT_IN_PACKAGES = ['n8n-nodes-base', '@n8n/n8n-nodes-langchain'];

function readJson<T>(file: string): T {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function loadBaseTypes(cacheDir: string) {
	const nodes = new Map<string, KnownNodeType>();
	if (fs.existsSync(path.join(baseTypesDir(cacheDir), 'nodes.json'))) {
		const credentialTypes = new Set<string>();
		for (const packageName of BUILT_IN_PACKAGES) {
			const dir = baseTypesDir(cacheDir, packageName);
			for (const description of readJson<Description[]>(path.join(dir, 'nodes.json'))) {
				const credentials = (description.credentials ?? []).map((c) => c.name);
				addNodeType(nodes, `${packageName}.${description.name}`, versionsOf(description.version), credentials, Boolean(description.usableAsTool));
			}
			for (const credential of readJson<Array<{ name: string }>>(path.join(dir, 'credentials.json'))) credentialTypes.add(credential.name);
		}
		return { source: baseTypesDir(cacheDir), nodes, credentialTypes };
	}
	for (const row of fallback.nodes) addNodeType(nodes, row.type, row.versions, (row as { credentials?: string[] }).credentials ?? []);
	return { source: `base-nodes-fallback.json (${fallback.source})`, nodes, credentialTypes: new Set(fallback.credentialTypes) };
}

export function loadKnownTypes({ projectRoot, cacheDir }: { projectRoot: string; cacheDir: string }): KnownTypes {
	const pack = loadPackTypes(projectRoot);
	const base = loadBaseTypes(cacheDir);
	return {
		packageName: pack.packageName,
		baseSource: base.source,
		nodes: new Map([...base.nodes, ...pack.nodes]),
		packCredentialTypes: pack.credentialTypes,
		credentialTypes: new Set([...base.credentialTypes, ...pack.credentialTypes]),
	};
}
