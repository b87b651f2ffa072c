/**
 * Explain Failure: an item from a node's error output (Settings > On Error > Continue (using error
 * output)) becomes the HTTP error answer {status, error, hint, server, step, summary}: 400 when the
 * node refused the input, 502 when a server it calls failed, 500 otherwise. One node for every
 * error output of a workflow, instead of a Code node per workflow.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { failureAnswer, type Failure } from '../../../lib/request';

export const description: INodeProperties[] = [
	{
		displayName:
			'Connect the error outputs of other nodes here (their Settings > On Error: Continue (using error output)), then a Respond to Webhook node that answers with the first incoming item and Response Code {{ $json.status }}',
		name: 'explainNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['explainFailure'] } },
	},
];

/** The servers behind this pack's nodes, for the answer's "server". */
const SERVERS: Record<string, string> = {
	'n8n-nodes-overlay-agi.vllmGenerate': 'vLLM',
	'n8n-nodes-overlay-agi.lmStudioGenerate': 'LM Studio',
	'n8n-nodes-overlay-agi.detectGpu': 'DCGM exporter',
};

/** What n8n keeps beside an error-output item: the NodeApiError / NodeOperationError itself. */
interface ItemError {
	name?: string;
	message?: string;
	description?: string | null;
	node?: { name?: string; type?: string };
}

function failureOf(item: INodeExecutionData, previousNode: string | undefined): Failure {
	const error = (item.error ?? undefined) as ItemError | undefined;
	const json = item.json as IDataObject;
	const message = typeof json.error === 'string' ? json.error : (error?.message ?? '');
	const hint = error?.description ?? (typeof json.hint === 'string' ? json.hint : null);
	const kind = error?.name === 'NodeOperationError' ? 'input' : error?.name === 'NodeApiError' || json.httpCode !== undefined ? 'server' : 'unknown';
	const step = error?.node?.name ?? previousNode ?? null;
	return { kind, message, hint, step, server: (error?.node?.type && SERVERS[error.node.type]) || null };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const previousNode = this.getInputSourceData(0)?.previousNode;
	return [
		this.getInputData().map((item, itemIndex) => ({
			json: failureAnswer(failureOf(item, previousNode)) as unknown as IDataObject,
			pairedItem: { item: itemIndex },
		})),
	];
}
