/**
 * Checks workflow JSON files before they ship: node types exist (this pack or n8n's base nodes) at
 * a valid typeVersion, credentials are the pack's fixed "vLLM account" / "LM Studio account",
 * connections name existing nodes, and webhook paths are unique across all files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnownNodeType, KnownTypes } from './known-types';
import { CREDENTIALS } from './settings';
import { isActiveWebhook, listWorkflowFiles, webhookMethod, webhookPath, type WorkflowJson, type WorkflowNodeJson } from './workflows';

export interface WorkflowProblems {
	file: string;
	problems: string[];
}

const FIXED_CREDENTIALS = new Map<string, { id: string; name: string }>(Object.values(CREDENTIALS).map((credential) => [credential.type, credential]));

function isPackNode(node: WorkflowNodeJson, known: KnownTypes): boolean {
	return String(node.type).startsWith(`${known.packageName}.`);
}

/** n8n adds `<type>Tool` for every node marked usableAsTool when it starts. */
function toolVariant(type: string, known: KnownTypes): KnownNodeType | undefined {
	const base = type.endsWith('Tool') ? known.nodes.get(type.slice(0, -'Tool'.length)) : undefined;
	return base?.usableAsTool ? base : undefined;
}

function checkNode(node: WorkflowNodeJson, known: KnownTypes, problems: string[]): void {
	const label = `node "${node.name}"`;
	if (typeof node.name !== 'string' || node.name === '') problems.push('a node has no name');
	const type = known.nodes.get(node.type) ?? toolVariant(String(node.type), known);
	if (!type) {
		problems.push(`${label}: unknown node type "${node.type}"`);
	} else if (!type.versions.has(Number(node.typeVersion))) {
		problems.push(`${label}: typeVersion ${node.typeVersion} is not one of ${[...type.versions].join(', ')} for ${node.type}`);
	}
	for (const [credentialType, reference] of Object.entries(node.credentials ?? {})) {
		if (!known.credentialTypes.has(credentialType)) problems.push(`${label}: unknown credential type "${credentialType}"`);
		if (type && isPackNode(node, known) && !type.credentials.has(credentialType)) problems.push(`${label}: ${node.type} does not use credentials of type "${credentialType}"`);
		const fixed = FIXED_CREDENTIALS.get(credentialType);
		if (fixed && (reference?.id !== fixed.id || reference?.name !== fixed.name)) {
			problems.push(`${label}: ${credentialType} must reference { "id": "${fixed.id}", "name": "${fixed.name}" }`);
		}
	}
}

function checkConnections(workflow: WorkflowJson, names: Set<string>, problems: string[]): void {
	for (const [source, outputs] of Object.entries(workflow.connections ?? {})) {
		if (!names.has(source)) problems.push(`connection from unknown node "${source}"`);
		for (const [kind, branches] of Object.entries(outputs ?? {})) {
			for (const branch of branches ?? []) {
				for (const target of branch ?? []) {
					if (!names.has(target.node)) problems.push(`connection ${source} -> unknown node "${target.node}"`);
					if (target.type !== kind) problems.push(`connection ${source} -> ${target.node}: type "${target.type}" under "${kind}"`);
				}
			}
		}
	}
}

/** Problems of one parsed workflow (empty when it is fine). */
export function validateWorkflow(workflow: WorkflowJson, known: KnownTypes): string[] {
	const problems: string[] = [];
	if (typeof workflow.id !== 'string' || workflow.id === '') problems.push('no fixed "id"');
	if (typeof workflow.name !== 'string' || workflow.name === '') problems.push('no "name"');
	if (!Array.isArray(workflow.nodes) || workflow.nodes.length === 0) return [...problems, 'no "nodes"'];
	const names = new Set<string>();
	for (const node of workflow.nodes) {
		if (names.has(node.name)) problems.push(`two nodes are named "${node.name}"`);
		names.add(node.name);
		checkNode(node, known, problems);
	}
	checkConnections(workflow, names, problems);
	return problems;
}

/** Validates every *.json in dir, plus what spans files (ids, webhook paths). */
export function validateWorkflowDir(dir: string, known: KnownTypes): WorkflowProblems[] {
	const results: WorkflowProblems[] = [];
	const ids = new Map<unknown, string>();
	const webhookPaths = new Map<string, string>();
	for (const file of listWorkflowFiles(dir)) {
		const name = path.basename(file);
		let workflow: WorkflowJson;
		try {
			workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		} catch (error) {
			results.push({ file: name, problems: [`not valid JSON: ${(error as Error).message}`] });
			continue;
		}
		const problems = validateWorkflow(workflow, known);
		if (ids.has(workflow.id)) problems.push(`id "${String(workflow.id)}" is also used by ${ids.get(workflow.id)}`);
		ids.set(workflow.id, name);
		for (const node of (workflow.nodes ?? []).filter(isActiveWebhook)) {
			const hookPath = webhookPath(node);
			if (!hookPath) problems.push(`webhook "${node.name}" has no path`);
			const key = `${webhookMethod(node)} ${hookPath}`;
			if (webhookPaths.has(key)) problems.push(`webhook ${key} is also used by ${webhookPaths.get(key)}`);
			webhookPaths.set(key, `${name} (${node.name})`);
		}
		results.push({ file: name, problems });
	}
	return results;
}
