/**
 * Engine knowledge lives in lib/engines/<id>/. Outside it (and the HTTP clients, which move there later) no
 * source compares against an engine id or lists engine ids: the advisor and the nodes ask the registry.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENGINE_IDS } from '../../../lib/engines';

const root = join(__dirname, '../../..');
const SCANNED = ['lib', 'nodes'];
const EXEMPT = ['lib/engines/', 'lib/clients/'];

const id = `['"](?:${ENGINE_IDS.map((e) => e.replace('.', '\\.')).join('|')})['"]`;
const BRANCH = new RegExp(`(?:[=!]==?\\s*${id}|${id}\\s*[=!]==?|case\\s+${id}\\s*:)`);
const LIST = new RegExp(`\\[\\s*${id}\\s*,\\s*${id}`);

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

export function engineBranches(text: string): string[] {
	return text.split('\n').filter((line) => BRANCH.test(line) || LIST.test(line));
}

describe('no engine-name branching outside lib/engines', () => {
	it('the patterns catch a comparison, a switch case and a hard-coded engine list', () => {
		expect(engineBranches("if (option.engine === 'vllm') x();")).toHaveLength(1);
		expect(engineBranches("return 'ollama' !== engine;")).toHaveLength(1);
		expect(engineBranches("\t\tcase 'llama.cpp':")).toHaveLength(1);
		expect(engineBranches("const ALL = ['vllm', 'sglang'];")).toHaveLength(1);
		expect(engineBranches("const label = profile.label; // vllm serve")).toHaveLength(0);
	});

	it('lib (but lib/engines and lib/clients) and nodes hold none', () => {
		const found = SCANNED.flatMap((dir) => sources(join(root, dir)))
			.map((path) => relative(root, path))
			.filter((path) => !EXEMPT.some((prefix) => path.startsWith(prefix)))
			.flatMap((path) => engineBranches(readFileSync(join(root, path), 'utf8')).map((line) => `${path}: ${line.trim()}`));
		expect(found).toEqual([]);
	});
});
