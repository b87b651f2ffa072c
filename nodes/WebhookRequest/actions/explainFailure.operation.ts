/**
 * Explain Failure: an item from a node's error output (Settings > On Error > Continue (using error
 * output)) becomes the HTTP error answer {status, error, hint, server, step, summary}: 400 when the
 * node refused the input, 502 when a server it calls failed, 500 otherwise. One node for every
 * error output of a workflow, instead of a Code node per workflow.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { failureAnswer, type Failure, type FailureKind } from '../../../lib/request';

export const description: INodeProperties[] = [
	{
		displayName:
			'Connect the error outputs of other nodes here (their Settings > On Error: Continue (using error output)), then a Respond to Webhook node that answers with the first incoming item and Response Code {{ $json.status }}',
		name: 'explainNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['explainFailure'] } },
	},
	{
		displayName: 'Failure Known Only by Its Message',
		name: 'messageOnlyKind',
		type: 'options',
		options: [
			{ name: 'Something Else Failed (500)', value: 'unknown' },
			{ name: 'A Server Failed (502)', value: 'server' },
			{ name: 'The Input Was Refused (400)', value: 'input' },
		],
		default: 'unknown',
		displayOptions: { show: { operation: ['explainFailure'] } },
		description:
			'Some nodes put only the error\'s message in their error output, without the error itself (n8n\'s AI Agent does: its item is {error: message}), so whether the input or a server was at fault is not known. The answer for those.',
	},
	{
		displayName: 'Server Behind Message-Only Failures',
		name: 'messageOnlyServer',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['explainFailure'], messageOnlyKind: ['server'] } },
		placeholder: 'e.g. vLLM',
		description:
			'The answer\'s "server" for a failure known only by its message (an AI Agent\'s, whose chat model calls this server). Empty: null.',
	},
	{
		displayName: 'Input Refused When the Message Matches',
		name: 'refusedInputPattern',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['explainFailure'] } },
		placeholder: 'e.g. Adapter path ".*" refused: ',
		description: 'A regular expression. A failure known only by its message that matches it is answered 400 (the caller\'s input was refused). Empty: none.',
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

/** How to classify an item that carries only a message (no n8n error, no HTTP code). */
interface MessageOnlyRule {
	kind: FailureKind;
	refusedInput: RegExp | null;
	/** The server named in the answer when such a failure counts as a server's. */
	server: string | null;
}

/** No n8n error beside the item and no HTTP code in it: only its message says what happened. */
function isMessageOnly(error: ItemError | undefined, json: IDataObject): boolean {
	return !error?.name && json.httpCode === undefined;
}

function kindOf(error: ItemError | undefined, json: IDataObject, message: string, rule: MessageOnlyRule): FailureKind {
	if (isMessageOnly(error, json)) return rule.refusedInput?.test(message.replace(/^Item \d+: /, '')) ? 'input' : rule.kind;
	if (error?.name === 'NodeOperationError') return 'input';
	if (error?.name === 'NodeApiError' || json.httpCode !== undefined) return 'server';
	return 'unknown';
}

function failureOf(item: INodeExecutionData, previousNode: string | undefined, rule: MessageOnlyRule): Failure {
	const error = (item.error ?? undefined) as ItemError | undefined;
	const json = item.json as IDataObject;
	const message = typeof json.error === 'string' ? json.error : (error?.message ?? '');
	const hint = error?.description ?? (typeof json.hint === 'string' ? json.hint : null);
	const step = error?.node?.name ?? previousNode ?? null;
	const server = error?.node?.type ? (SERVERS[error.node.type] ?? null) : isMessageOnly(error, json) ? rule.server : null;
	return { kind: kindOf(error, json, message, rule), message, hint, step, server };
}

function messageOnlyRule(ctx: IExecuteFunctions): MessageOnlyRule {
	const kind = ctx.getNodeParameter('messageOnlyKind', 0, 'unknown') as FailureKind;
	const server = kind === 'server' ? String(ctx.getNodeParameter('messageOnlyServer', 0, '')).trim() || null : null;
	const pattern = String(ctx.getNodeParameter('refusedInputPattern', 0, ''));
	if (!pattern) return { kind, refusedInput: null, server };
	try {
		return { kind, refusedInput: new RegExp(pattern), server };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `"Input Refused When the Message Matches" is not a regular expression: ${(error as Error).message}`, {
			description: 'Fix the pattern, e.g. Adapter path ".*" refused: , or leave it empty.',
		});
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const previousNode = this.getInputSourceData(0)?.previousNode;
	const rule = messageOnlyRule(this);
	return [
		this.getInputData().map((item, itemIndex) => ({
			json: failureAnswer(failureOf(item, previousNode, rule)) as unknown as IDataObject,
			pairedItem: { item: itemIndex },
		})),
	];
}
