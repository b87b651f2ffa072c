/**
 * The pack in n8n's queue mode, end to end: one stack for the whole file, started by the launcher as
 * `npm start -- --queue` does (a real Redis, a real Postgres, n8n main with EXECUTIONS_MODE=queue and
 * two `n8n worker` processes), the fake vLLM and LM Studio behind the credentials. Which process ran
 * an execution is read from the logs: the main logs "Enqueued execution N", the worker that takes it
 * "Worker started execution N" (n8n 2.41.1, scaling.service.ts and job-processor.ts).
 *
 * Bull's stall detection is shortened here (lock 10 s instead of 60 s, stalled check every 5 s
 * instead of 30 s) so that the killed-worker test ends in about a minute; the semantics are n8n's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ManagedProcess } from '../../scripts/n8n/processes';
import { readLog } from '../../scripts/n8n/readiness';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';
import { readWorkflows } from '../../scripts/n8n/workflows';
import type { FakeChatScript } from '../fakes/chatScript';
import { startLmStudioFake, type LmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake, type VllmFake } from '../fakes/vllmServer';
import { E2E_SETUP_TIMEOUT_MS, startE2eServer, type E2eServer, type JsonAnswer } from './n8nHarness';

const ADAPTER_ROOT = '/srv/adapters';
const SQL_ADAPTER = `${ADAPTER_ROOT}/sql-lora`;
const SERVED_MODEL = 'openai/gpt-oss-20b';
const WORKERS = 2;
const WORKER_CONCURRENCY = 10;
const LOCK_DURATION_MS = 10_000;
const STALLED_INTERVAL_MS = 5_000;

type Json = Record<string, any>;

let server: E2eServer | undefined;
let vllm: VllmFake;
let lmStudio: LmStudioFake;
let scratch: string;
let nvidiaSmiLog: string;

/** The agent's "model" (workflow 07): one Detect GPU tool call, then an answer; plain generations get an answer at once. */
const oneToolThenAnswer: FakeChatScript = (turn) => {
	const gpuTool = turn.tools.find((tool) => /detect/i.test(tool.name));
	if (gpuTool && turn.toolResults.length === 0) return { toolCalls: [{ name: gpuTool.name, arguments: { gpu: 'rtx-5090', count: 2 } }] };
	return { content: `An answer to: ${turn.lastUser}` };
};

beforeAll(async () => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-queue-'));
	nvidiaSmiLog = path.join(scratch, 'nvidia-smi.log');
	vllm = await startVllmFake({
		baseModels: [{ id: SERVED_MODEL, root: '/models/gpt-oss-20b', maxModelLen: 131072 }],
		existingAdapterPaths: [SQL_ADAPTER, `${ADAPTER_ROOT}/overlay-planner`],
		toolCalling: { parser: 'openai' },
		chatScript: oneToolThenAnswer,
	});
	lmStudio = await startLmStudioFake({ version: '0.4.8', chatScript: oneToolThenAnswer });
	server = await startE2eServer({
		vllmUrl: vllm.url,
		vllmAdapterPaths: ADAPTER_ROOT,
		lmStudioUrl: lmStudio.url,
		nvidiaSmiFixture: 'rtx-pro-6000-blackwell',
		env: {
			OVERLAY_N8N_MODE: 'queue',
			FAKE_NVIDIA_SMI_LOG: nvidiaSmiLog,
			QUEUE_WORKER_LOCK_DURATION: String(LOCK_DURATION_MS),
			QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
			QUEUE_WORKER_STALLED_INTERVAL: String(STALLED_INTERVAL_MS),
		},
	});
}, E2E_SETUP_TIMEOUT_MS);

afterAll(async () => {
	await server?.close();
	await vllm?.close();
	await lmStudio?.close().catch(() => undefined);
	if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}, 120_000);

function running(): E2eServer {
	if (!server) throw new Error('the queue-mode stack did not start (see beforeAll)');
	return server;
}

function workers(): ManagedProcess[] {
	return running().n8n.workers;
}

/** Execution ids each worker has started so far, by worker name. */
function startedByWorker(): Map<string, string[]> {
	return new Map(workers().map((worker) => [worker.name, [...readLog(worker.logFile).matchAll(/Worker started execution (\d+)/g)].map((match) => match[1])]));
}

/** Execution ids each worker started since `before`. */
function startedSince(before: Map<string, string[]>): Map<string, string[]> {
	const now = startedByWorker();
	return new Map([...now].map(([name, ids]) => [name, ids.slice(before.get(name)?.length ?? 0)]));
}

const total = (byWorker: Map<string, string[]>) => [...byWorker.values()].reduce((sum, ids) => sum + ids.length, 0);

async function post(workflow: string, body: unknown, timeoutMs = 180_000): Promise<JsonAnswer & { json: Json }> {
	return (await running().post(`overlay/${workflow}`, body, timeoutMs)) as JsonAnswer & { json: Json };
}

/** The status, or 0 when no answer came within the time allowed. */
async function postOutcome(workflow: string, body: unknown, timeoutMs: number): Promise<{ status: number; ms: number; json?: Json }> {
	const started = Date.now();
	try {
		const answer = await post(workflow, body, timeoutMs);
		return { status: answer.status, ms: answer.ms, json: answer.json };
	} catch {
		return { status: 0, ms: Date.now() - started };
	}
}

const loadRequests = (adapter: string) => vllm.requests.filter((request) => request.path === '/v1/load_lora_adapter' && (request.body as Json)?.lora_name === adapter);
const chatPrompts = () => vllm.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => JSON.stringify((request.body as Json).messages));

test('the stack: Redis, Postgres, n8n main in queue mode and two workers', () => {
	const n8n = running().n8n;
	expect(n8n.mode).toBe('queue');
	expect(n8n.processes.map((managed) => managed.name)).toEqual(['redis', 'postgres', 'n8n', 'worker 1', 'worker 2']);
	expect(n8n.processes.every((managed) => managed.isRunning())).toBe(true);
	expect(n8n.services.join('\n')).toMatch(/Redis 127\.0\.0\.1:\d+[\s\S]*Postgres 127\.0\.0\.1:\d+/);
});

test('every shipped workflow answers, each execution run by a worker (Detect GPU "This Machine" on the worker)', async () => {
	const before = startedByWorker();
	const smiCallsBefore = readLog(nvidiaSmiLog).split('\n').filter(Boolean).length;
	const requests: Record<string, unknown> = {
		'overlay/00-pipeline': { prompt: 'Hello from the pipeline.', model: SERVED_MODEL },
		'overlay/01-hardware-formats': {},
		'overlay/02-gpt-oss-fit': {},
		'overlay/03-original-vs-gguf': { gpu: 'B200' },
		'overlay/04-lmstudio-limits': { prompt: 'Say hello.' },
		'overlay/05-vllm-lora': { prompt: 'List the users table.', adapter: 'sql-lora', adapterPath: SQL_ADAPTER },
		'overlay/06-lmstudio-gpt-oss': { prompt: 'Why is the sky blue?', reasoningEffort: 'low' },
		'overlay/07-agent': { message: 'What GPUs are these?', sessionId: 'queue-1' },
		'overlay/07-agent-lmstudio': { message: 'What GPUs are these?', sessionId: 'queue-2' },
	};
	const shipped = readWorkflows(path.join(PROJECT_ROOT, 'workflows')).flatMap((workflow) => workflow.webhooks);
	const chats = shipped.filter((hook) => hook.path.endsWith('/chat'));
	// A workflow added later fails here until it gets a request.
	expect(shipped.filter((hook) => !hook.path.endsWith('/chat')).map((hook) => hook.path).sort()).toEqual(Object.keys(requests).sort());
	for (const [webhook, body] of Object.entries(requests)) {
		const answer = await running().post(webhook, body, 180_000);
		if (answer.status !== 200) throw new Error(`${webhook} answered ${answer.status}: ${answer.text}`);
		expect(typeof (answer.json as Json).summary).toBe('string');
		if (webhook.includes('07-agent')) expect((answer.json as Json).summary).toMatch(/after 1 tool call\(s\): Detect_GPU/);
	}
	// The agents' Chat Triggers stream their answer from the worker through the main (n8n's "send-chunk" job messages).
	for (const hook of chats) {
		const answer = await running().post(hook.path, { action: 'sendMessage', sessionId: `chat-${hook.path}`, chatInput: 'What GPUs are these?' }, 180_000);
		expect(answer.status).toBe(200);
		const streamed = answer.text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Json);
		const text = streamed.filter((line) => line.type === 'item').map((line) => String(line.content ?? '')).join('');
		expect(text).toContain('An answer to: What GPUs are these?');
	}
	const executions = Object.keys(requests).length + chats.length;
	const detected = await post('01-hardware-formats', {});
	expect(detected.json.gpus[0]).toMatchObject({ name: 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition', source: 'nvidia-smi' });
	expect(total(startedSince(before))).toBe(executions + 1);
	expect(running().n8n.readLog()).not.toMatch(/Worker started execution/);
	expect(readLog(nvidiaSmiLog).split('\n').filter(Boolean).length).toBeGreaterThan(smiCallsBefore);
}, 300_000);

test('two workers loading the same adapter at once end with one adapter and no error', async () => {
	const adapter = 'race-lora';
	// Longer than a job takes to reach the load, so the second worker asks while the first load runs.
	vllm.setOptions({ loadLatencyMs: 4000 });
	const before = startedByWorker();
	try {
		// More calls than one worker takes at once: both workers get some.
		const calls = WORKER_CONCURRENCY + 6;
		const answers = await Promise.all(Array.from({ length: calls }, (_, i) => post('05-vllm-lora', { prompt: `race ${i}`, adapter, adapterPath: SQL_ADAPTER })));
		for (const answer of answers) if (answer.status !== 200) throw new Error(`05 answered ${answer.status}: ${answer.text}`);
		const statuses = new Set(answers.map((answer) => answer.json.adapterLoad));
		// "present": on a busy machine a worker's first job may start after the other worker's load ended.
		expect(['already-loaded', 'loaded', 'present']).toEqual(expect.arrayContaining([...statuses]));
		expect(statuses.has('loaded')).toBe(true);
		const byWorker = startedSince(before);
		expect([...byWorker.values()].every((ids) => ids.length > 0)).toBe(true);
		// At most one load per worker process (single flight inside each), and one adapter on the server.
		const loads = loadRequests(adapter).length;
		expect(loads).toBeGreaterThanOrEqual(1);
		expect(loads).toBeLessThanOrEqual(WORKERS);
		// Two loads raced: the second was answered "already loaded" and counted as success.
		if (loads === WORKERS) expect(statuses.has('already-loaded')).toBe(true);
		expect(vllm.loadedAdapters().filter((loaded) => loaded.name === adapter)).toHaveLength(1);
	} finally {
		vllm.setOptions({ loadLatencyMs: 30 });
	}
}, 300_000);

test('200 concurrent calls to workflow 05 spread over both workers, none lost', async () => {
	vllm.setOptions({ latencyMs: 50 });
	const before = startedByWorker();
	const calls = 200;
	const started = Date.now();
	const answers = await Promise.all(Array.from({ length: calls }, (_, i) => post('05-vllm-lora', { prompt: `request #${i}#`, adapter: 'sql-lora', adapterPath: SQL_ADAPTER })));
	const seconds = (Date.now() - started) / 1000;
	const failed = answers.filter((answer) => answer.status !== 200);
	expect(failed.map((answer) => `${answer.status} ${answer.text.slice(0, 200)}`)).toEqual([]);
	const byWorker = startedSince(before);
	console.log(`[queue e2e] ${calls} calls in ${seconds.toFixed(1)} s; executions per worker: ${[...byWorker].map(([name, ids]) => `${name} ${ids.length}`).join(', ')}`);
	expect(total(byWorker)).toBe(calls);
	for (const ids of byWorker.values()) expect(ids.length).toBeGreaterThan(0);
	// Every request reached vLLM exactly once.
	const prompts = chatPrompts();
	for (let i = 0; i < calls; i++) expect(prompts.filter((prompt) => prompt.includes(`request #${i}#`))).toHaveLength(1);
}, 600_000);

/**
 * n8n 2.41.1 runs Bull with maxStalledCount 0 (scaling.service.ts): a job whose worker dies is not
 * run again. Bull notices the lost lock at its next stalled check and fails the job; the main then
 * rechecks the execution in the database for up to 30 s (workflow-runner.ts,
 * MAX_STALLED_COUNT_GRACE_WINDOW_MS) and answers the waiting webhook with an error. Jobs still
 * waiting in Redis, and those on the other worker, are not affected.
 */
test('killing one worker mid-run: its running executions fail with an answer, every other accepted one completes', async () => {
	vllm.setOptions({ latencyMs: 8000 });
	const before = startedByWorker();
	const chatsBefore = chatPrompts().length;
	const calls = WORKERS * WORKER_CONCURRENCY + 10;
	const callsStarted = Date.now();
	const outcomes = Promise.all(Array.from({ length: calls }, (_, i) => postOutcome('05-vllm-lora', { prompt: `kill ${i}`, adapter: 'sql-lora', adapterPath: SQL_ADAPTER }, 180_000)));
	// Both workers full (each waiting on vLLM), the rest still queued.
	const deadline = Date.now() + 120_000;
	while (chatPrompts().length - chatsBefore < WORKERS * WORKER_CONCURRENCY && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
	const [victim] = workers();
	const killedAt = Date.now();
	process.kill(-victim.pid, 'SIGKILL');
	const onVictim = startedSince(before).get(victim.name) ?? [];
	const results = await outcomes;
	const ok = results.filter((result) => result.status === 200);
	const failed = results.filter((result) => result.status !== 200);
	const secondsAfterKill = (results_: typeof results) => results_.map((result) => (callsStarted + result.ms - killedAt) / 1000);
	const range = (values: number[]) => (values.length ? `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)} s after the kill` : '-');
	console.log(
		`[queue e2e] killed ${victim.name} with ${onVictim.length} executions running: ${ok.length}/${calls} answered 200 (${range(secondsAfterKill(ok))}), ` +
			`${failed.length} answered ${[...new Set(failed.map((result) => result.status))].join('/') || '-'} (${range(secondsAfterKill(failed))}): ${JSON.stringify(failed[0]?.json ?? null)}`,
	);
	expect(results.every((result) => result.status !== 0)).toBe(true);
	expect(failed.length).toBeGreaterThanOrEqual(onVictim.length);
	expect(failed.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
	expect(ok.length).toBe(calls - failed.length);
	for (const result of failed) expect(result.status).toBeGreaterThanOrEqual(500);
}, 600_000);
