/**
 * The workflows the real-n8n bench drives: a Webhook whose JSON body carries the items
 * ({ items: [{ prompt }] }), a Split Out that turns them into n8n items, and the node
 * measured. The webhook answers with the first item of the last node, so the answer stays small
 * whatever the item count. Each Generate node takes the prompt "From Input Field" (the documented
 * fast path). Concurrency and batch size are constants, one workflow per value: an expression would
 * make n8n 2.41 set up an isolated-vm context for the execution (about 20 ms of CPU each, in the
 * profile), which is not what a per-item measure should count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CREDENTIALS } from '../n8n/settings';

export const VLLM_MODEL = 'Qwen/Qwen3-8B';
export const LMSTUDIO_MODEL = 'openai/gpt-oss-20b';

interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface BenchWorkflow {
	id: string;
	path: string;
}

/** `saveSuccess: false` is the workflow setting "Save successful production executions: Do not save". */
function workflow(id: string, measured: Omit<NodeJson, 'id' | 'name' | 'position'> | null, saveSuccess = true) {
	const hookPath = `bench/${id}`;
	const nodes: NodeJson[] = [
		{
			id: `${id}-webhook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			webhookId: `overlay-bench-${id}`,
		},
		{
			id: `${id}-split`,
			name: 'Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.items', options: {} },
		},
	];
	const connections: Record<string, unknown> = { Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] } };
	if (measured) {
		nodes.push({ ...measured, id: `${id}-measured`, name: 'Measured', position: [440, 0] });
		connections.Items = { main: [[{ node: 'Measured', type: 'main', index: 0 }]] };
	}
	return { id: `ovBench${id.replace(/[^a-zA-Z0-9]/g, '')}`, name: `Bench · ${id}`, nodes, connections, settings: { executionOrder: 'v1', ...(saveSuccess ? {} : { saveDataSuccessExecution: 'none' }) }, pinData: {} };
}

function httpRequest(url: string, batchSize?: number, batchIntervalMs?: number): Omit<NodeJson, 'id' | 'name' | 'position'> {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${url}/v1/chat/completions`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ model: '${VLLM_MODEL}', messages: [{ role: 'user', content: $json.prompt }] }) }}`,
			options: batchSize ? { batching: { batch: { batchSize, batchInterval: batchIntervalMs } } } : {},
		},
	};
}

function generate(type: string, model: string, credential: { id: string; name: string; type: string }, concurrency: number): Omit<NodeJson, 'id' | 'name' | 'position'> {
	return {
		type: `n8n-nodes-overlay-agi.${type}`,
		typeVersion: 1,
		parameters: {
			resource: 'text',
			operation: 'generate',
			model: { __rl: true, mode: 'id', value: model },
			promptSource: 'field',
			promptField: 'prompt',
			options: { concurrency },
		},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/**
 * Writes the bench workflows into `dir` (replacing what was there) and returns the webhook path of
 * each: `empty` (Webhook and Split Out only: n8n's floor), `http` (HTTP Request without batching),
 * and per concurrency c: `vllm-<c>`, `vllm-unsaved-<c>` (successful executions not saved),
 * `lmstudio-<c>` and `batch-<c>` (HTTP Request with batch size c, one batch per latency).
 */
export function writeBenchWorkflows(dir: string, vllmUrl: string, concurrencies: number[], latencyMs: number): Record<string, BenchWorkflow> {
	const definitions: Record<string, ReturnType<typeof workflow>> = {
		empty: workflow('empty', null),
		http: workflow('http', httpRequest(vllmUrl)),
	};
	for (const concurrency of concurrencies) {
		definitions[`vllm-${concurrency}`] = workflow(`vllm-${concurrency}`, generate('vllmGenerate', VLLM_MODEL, CREDENTIALS.vllm, concurrency));
		definitions[`vllm-unsaved-${concurrency}`] = workflow(`vllm-unsaved-${concurrency}`, generate('vllmGenerate', VLLM_MODEL, CREDENTIALS.vllm, concurrency), false);
		definitions[`lmstudio-${concurrency}`] = workflow(`lmstudio-${concurrency}`, generate('lmStudioGenerate', LMSTUDIO_MODEL, CREDENTIALS.lmStudio, concurrency));
		definitions[`batch-${concurrency}`] = workflow(`batch-${concurrency}`, httpRequest(vllmUrl, concurrency, latencyMs));
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const result: Record<string, BenchWorkflow> = {};
	for (const [key, definition] of Object.entries(definitions)) {
		fs.writeFileSync(path.join(dir, `${key}.json`), `${JSON.stringify(definition, null, '\t')}\n`);
		result[key] = { id: definition.id, path: `bench/${key}` };
	}
	return result;
}
