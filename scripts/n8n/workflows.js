'use strict';
/** Reads the example workflow files: their ids and the production webhooks they expose. */
const fs = require('node:fs');
const path = require('node:path');

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** A public Chat Trigger answers POST /webhook/<webhookId>/chat (and serves its chat page on GET). */
const CHAT_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.chatTrigger';

function listWorkflowFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(dir, name));
}

/** Each workflow with its webhooks; throws naming the file when one has no id or is not JSON. */
function readWorkflows(dir) {
	return listWorkflowFiles(dir).map((file) => {
		let workflow;
		try {
			workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			throw new Error(`${file} is not valid JSON: ${error.message}`);
		}
		if (typeof workflow.id !== 'string' || workflow.id === '') {
			throw new Error(`${file} has no "id": the launcher needs a fixed id to import it idempotently`);
		}
		const nodes = (workflow.nodes ?? []).filter((node) => !node.disabled);
		const webhooks = [
			...nodes
				.filter((node) => node.type === WEBHOOK_TYPE)
				.map((node) => ({
					node: node.name,
					method: String(node.parameters?.httpMethod ?? 'GET').toUpperCase(),
					path: String(node.parameters?.path ?? '').replace(/^\/+/, ''),
				})),
			...nodes
				.filter((node) => node.type === CHAT_TRIGGER_TYPE && node.parameters?.public === true && node.webhookId)
				.map((node) => ({ node: node.name, method: 'POST', path: `${node.webhookId}/chat` })),
		];
		return { file, id: workflow.id, name: workflow.name ?? workflow.id, webhooks };
	});
}

module.exports = { readWorkflows, listWorkflowFiles };
