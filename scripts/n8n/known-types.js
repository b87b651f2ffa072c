'use strict';
/**
 * Which node types (with their typeVersions) and credential types a workflow may use: this pack's,
 * read from its built classes in dist/, and n8n's base and AI (LangChain) nodes, read from the
 * installed n8n-nodes-base and @n8n/n8n-nodes-langchain (dist/types/*.json) or, before the first
 * install, from base-nodes-fallback.json. Nodes marked usableAsTool also exist as `<type>Tool`,
 * which n8n generates at start (see validate-workflows.js).
 */
const fs = require('node:fs');
const path = require('node:path');

function versionsOf(version) {
	return (Array.isArray(version) ? version : [version]).map(Number);
}

function addNodeType(map, type, versions, credentials, usableAsTool = false) {
	const entry = map.get(type) ?? { versions: new Set(), credentials: new Set() };
	for (const version of versions) entry.versions.add(version);
	for (const name of credentials) entry.credentials.add(name);
	if (usableAsTool) entry.usableAsTool = true;
	map.set(type, entry);
}

/** Reads the pack's nodes the way n8n does: `new (require(file)[<file name before the first dot>])()`. */
function loadPackTypes(projectRoot) {
	const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
	const missing = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].filter((file) => !fs.existsSync(path.join(projectRoot, file)));
	if (missing.length > 0) throw new Error(`package.json declares files that are not built: ${missing.join(', ')}. Run \`npm run build\`.`);
	const nodes = new Map();
	for (const file of manifest.n8n?.nodes ?? []) {
		const className = path.basename(file).split('.')[0];
		const NodeClass = require(path.join(projectRoot, file))[className];
		if (typeof NodeClass !== 'function') throw new Error(`${file} does not export a class named ${className}`);
		const instance = new NodeClass();
		const descriptions = instance.nodeVersions ? Object.values(instance.nodeVersions).map((v) => v.description) : [instance.description];
		const versions = instance.nodeVersions ? Object.keys(instance.nodeVersions) : versionsOf(instance.description.version);
		const credentials = descriptions.flatMap((d) => (d.credentials ?? []).map((c) => c.name));
		addNodeType(nodes, `${manifest.name}.${instance.description.name}`, versionsOf(versions), credentials, Boolean(instance.description.usableAsTool));
	}
	const credentialTypes = new Set();
	for (const file of manifest.n8n?.credentials ?? []) {
		const className = path.basename(file).split('.')[0];
		const CredentialClass = require(path.join(projectRoot, file))[className];
		if (typeof CredentialClass !== 'function') throw new Error(`${file} does not export a class named ${className}`);
		credentialTypes.add(new CredentialClass().name);
	}
	return { packageName: manifest.name, nodes, credentialTypes };
}

function baseTypesDir(cacheDir, packageName = 'n8n-nodes-base') {
	return path.join(cacheDir, 'n8n', 'node_modules', packageName, 'dist', 'types');
}

/** The packages whose node types come with n8n itself. */
const BUILT_IN_PACKAGES = ['n8n-nodes-base', '@n8n/n8n-nodes-langchain'];

function loadBaseTypes(cacheDir) {
	const nodes = new Map();
	if (fs.existsSync(path.join(baseTypesDir(cacheDir), 'nodes.json'))) {
		const credentialTypes = new Set();
		for (const packageName of BUILT_IN_PACKAGES) {
			const dir = baseTypesDir(cacheDir, packageName);
			for (const description of JSON.parse(fs.readFileSync(path.join(dir, 'nodes.json'), 'utf8'))) {
				const credentials = (description.credentials ?? []).map((c) => c.name);
				addNodeType(nodes, `${packageName}.${description.name}`, versionsOf(description.version), credentials, Boolean(description.usableAsTool));
			}
			for (const credential of JSON.parse(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8'))) credentialTypes.add(credential.name);
		}
		return { source: baseTypesDir(cacheDir), nodes, credentialTypes };
	}
	const fallback = require('./base-nodes-fallback.json');
	for (const row of fallback.nodes) addNodeType(nodes, row.type, row.versions, row.credentials ?? []);
	return { source: `base-nodes-fallback.json (${fallback.source})`, nodes, credentialTypes: new Set(fallback.credentialTypes) };
}

function loadKnownTypes({ projectRoot, cacheDir }) {
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

module.exports = { loadKnownTypes, baseTypesDir };
