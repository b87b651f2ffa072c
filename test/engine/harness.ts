/**
 * Runs this pack's nodes inside the real n8n engine (n8n-core's WorkflowExecute), the way a
 * workflow runs them: parameters with expressions, credentials through a credentials helper,
 * Continue on Fail via the node's onError setting, and execution cancellation.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core keeps an instance key under the user folder; never touch the real ~/.n8n in tests.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'overlay-agi-engine-'));

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, request: never): Promise<never> {
		return request;
	}
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used in tests');
	}
	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		return { ...data };
	}
	async updateCredentials(): Promise<void> {}
	async updateCredentialsOauthTokenData(): Promise<void> {}
	getCredentialsProperties(): [] {
		return [];
	}
}

export interface TestStep {
	/** Node name in the workflow (defaults to the node's displayName). */
	name?: string;
	node: INodeType;
	parameters: INodeParameters;
	continueOnFail?: boolean;
	/** Settings › On Error; overrides continueOnFail ('continueErrorOutput' adds the error output). */
	onError?: INode['onError'];
	/** Credential type names this node uses (filled from the store). */
	credentials?: string[];
	/** Connect this step to that node's output (default: the previous step's first output). */
	from?: { node: string; output: number };
}

export interface RunOptions {
	steps: TestStep[];
	items?: IDataObject[];
	/** Whole items (with binary data), instead of `items`. */
	inputItems?: INodeExecutionData[];
	credentials?: CredentialStore;
	/** Cancel the execution after this many ms (as the editor's Stop button does). */
	cancelAfterMs?: number;
}

export interface StepOutput {
	json: IDataObject[];
	pairedItems: Array<number | undefined>;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** The error that stopped the execution, if any. */
	error: (Error & { description?: string; context?: IDataObject; httpCode?: string }) | undefined;
	/** Output of each step by node name (first output, first run). */
	outputs: Record<string, StepOutput>;
	/** Output of the last step. */
	last: StepOutput;
}

export async function runNodes(options: RunOptions): Promise<RunResult> {
	const registry: Record<string, INodeType> = { 'test.start': new StartNode() };
	const nodes: INode[] = [{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Workflow['connectionsBySourceNode'] = {};
	let previous = 'Start';
	options.steps.forEach((step, i) => {
		const description = step.node.description;
		const type = `n8n-nodes-overlay-agi.${description.name}`;
		registry[type] = step.node;
		const name = step.name ?? description.displayName;
		const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
		nodes.push({
			id: `step-${i}`,
			name,
			type,
			typeVersion: version,
			position: [(i + 1) * 220, 0],
			parameters: step.parameters,
			...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(step.onError ? { onError: step.onError } : {}),
			...(step.credentials
				? { credentials: Object.fromEntries(step.credentials.map((c) => [c, { id: `${c}-id`, name: `${c} account` }])) }
				: {}),
		});
		const source = step.from ?? { node: previous, output: 0 };
		const outputs = (connections[source.node] ??= { main: [] }).main;
		while (outputs.length <= source.output) outputs.push([]);
		outputs[source.output]!.push({ node: name, type: 'main', index: 0 });
		previous = name;
	});

	const nodeTypes: INodeTypes = {
		getByName: (type: string) => registry[type],
		getByNameAndVersion: (type: string, version?: number) => NodeHelpers.getVersionedNodeType(registry[type], version),
		getKnownTypes: () => ({}),
	} as INodeTypes;

	const workflow = new Workflow({ id: 'test', name: 'test', nodes, connections, nodeTypes, active: false, settings: { executionOrder: 'v1' } });
	const hooks = new ExecutionLifecycleHooks('manual', '1', { id: 'test', name: 'test', nodes, connections, active: false, settings: {} } as never);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveRun(run));

	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}),
		executionId: '1',
		encryptedRunnerIdentity: undefined,
		restApiUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		formWaitingBaseUrl: '',
		instanceBaseUrl: '',
		variables: {},
		currentNodeParameters: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;

	const items = options.inputItems ?? (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
			nodeExecutionStack: [{ node: workflow.getNode('Start')!, data: { main: [items] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	let timer: NodeJS.Timeout | undefined;
	if (options.cancelAfterMs !== undefined) timer = setTimeout(() => execution.cancel(), options.cancelAfterMs);
	const run = await finished;
	if (timer) clearTimeout(timer);

	const outputs: Record<string, StepOutput> = {};
	for (const node of nodes.slice(1)) outputs[node.name] = stepOutput(run, node.name, 0);
	const lastName = nodes[nodes.length - 1].name;
	return {
		run,
		status: run.status,
		error: run.data.resultData.error as RunResult['error'],
		outputs,
		last: outputs[lastName] ?? { json: [], pairedItems: [] },
	};
}

/** The items a node put on one of its outputs (first run), e.g. 1 for an If node's false branch. */
export function outputOf(result: RunResult, nodeName: string, outputIndex: number): StepOutput {
	return stepOutput(result.run, nodeName, outputIndex);
}

function stepOutput(run: IRun, nodeName: string, outputIndex: number): StepOutput {
	const main = run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [];
	return {
		json: main.map((item) => item.json),
		pairedItems: main.map((item) => {
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			return typeof paired === 'number' ? paired : paired?.item;
		}),
	};
}

/** One node fed with items: the common case. */
export async function runNode(
	node: INodeType,
	parameters: INodeParameters,
	options: Omit<RunOptions, 'steps'> & { continueOnFail?: boolean; onError?: INode['onError']; credentialTypes?: string[] } = {},
): Promise<RunResult> {
	return runNodes({
		...options,
		steps: [{ node, parameters, continueOnFail: options.continueOnFail, onError: options.onError, credentials: options.credentialTypes }],
	});
}
