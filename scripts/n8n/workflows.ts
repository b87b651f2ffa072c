/** Reads the example workflow files: their ids and the production webhooks they expose. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** A public Chat Trigger answers POST /webhook/<webhookId>/chat (and serves its chat page on GET). */
const CHAT_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.chatTrigger';

export interface WorkflowWebhook {
	node: string;
	method: string;
	path: string;
}

export interface WorkflowFile {
	file: string;
	id: string;
	name: string;
	webhooks: WorkflowWebhook[];
}

/** The parts of an n8n workflow JSON file the launcher reads. */
export interface WorkflowJson {
	id?: unknown;
	name?: unknown;
	nodes?: WorkflowNodeJson[];
	connections?: Record<string, Record<string, Array<Array<{ node: string; type: string }> | null> | null>>;
}

export interface WorkflowNodeJson {
	name: string;
	type: string;
	typeVersion?: number;
	disabled?: boolean;
	webhookId?: string;
	parameters?: { httpMethod?: string; path?: string; public?: boolean };
	credentials?: Record<string, { id?: string; name?: string } | undefined>;
}

export function listWorkflowFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(dir, name));
}

export function webhookPath(node: WorkflowNodeJson): string {
	return String(node.parameters?.path ?? '').replace(/^\/+/, '');
}

export function webhookMethod(node: WorkflowNodeJson): string {
	return String(node.parameters?.httpMethod ?? 'GET').toUpperCase();
}

export function isActiveWebhook(node: WorkflowNodeJson): boolean {
	return node.type === WEBHOOK_TYPE && !node.disabled;
}

function isPublicChatTrigger(node: WorkflowNodeJson): boolean {
	return node.type === CHAT_TRIGGER_TYPE && !node.disabled && node.parameters?.public === true && Boolean(node.webhookId);
}

/** Each workflow with its webhooks; throws naming the file when one has no id or is not JSON. */
export function readWorkflows(dir: string): WorkflowFile[] {
	return listWorkflowFiles(dir).map((file) => {
		let workflow: WorkflowJson;
		try {
			workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		} catch (error) {
			throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
		}
		if (typeof workflow.id !== 'string' || workflow.id === '') {
			throw new Error(`${file} has no "id": the launcher needs a fixed id to import it idempotently`);
		}
		const nodes = workflow.nodes ?? [];
		const webhooks = [
			...nodes.filter(isActiveWebhook).map((node) => ({ node: node.name, method: webhookMethod(node), path: webhookPath(node) })),
			...nodes.filter(isPublicChatTrigger).map((node) => ({ node: node.name, method: 'POST', path: `${node.webhookId}/chat` })),
		];
		return { file, id: workflow.id, name: typeof workflow.name === 'string' ? workflow.name : workflow.id, webhooks };
	});
}
