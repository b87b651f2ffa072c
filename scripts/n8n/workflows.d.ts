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

export function listWorkflowFiles(dir: string): string[];
export function readWorkflows(dir: string): WorkflowFile[];
