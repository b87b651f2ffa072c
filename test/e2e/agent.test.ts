/**
 * Workflow 07 "Overlay agent" end to end through n8n 2.41.1's own AI Agent: a real n8n started by the launcher with the
 * two 07 workflows, the pack's vLLM / LM Studio Chat Model sub-nodes, Simple Memory, and Detect GPU + Pick Quant Format
 * as tools, against the vLLM and LM Studio fakes. The fakes' "model" (agentScript) calls the GPU tool, then the planner,
 * then answers by quoting the tools' results, so what the answer says comes from the real tool nodes.
 *
 * OVERLAY_E2E_CAPTURE=<file> writes the requests and answers (the samples in workflows/README.md come from it).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pickQuantFormat } from '../../lib/advisor';
import { gpuFromCatalog } from '../../lib/knowledge/index-gpu';
import type { FakeChatScript } from '../fakes/chatScript';
import { startLmStudioFake, type LmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake, type VllmFake } from '../fakes/vllmServer';
import { E2E_SETUP_TIMEOUT_MS, startE2eServer, type E2eServer } from './n8nHarness';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = ['07-overlay-agent.json', '07-overlay-agent-lmstudio.json'];
const QUESTION = 'Can I run gpt-oss-120b on two RTX 5090s?';
const ADAPTER_ROOT = '/srv/adapters';
const TEST_TIMEOUT_MS = 90_000;
const DEEP_BODY = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);

type Json = Record<string, any>;

/** The fake model: look up the GPUs, then plan, then answer from the two tool results (quoting their summaries). */
const agentScript: FakeChatScript = (turn) => {
	const gpuTool = turn.tools.find((tool) => /detect/i.test(tool.name));
	const planTool = turn.tools.find((tool) => /quant/i.test(tool.name));
	if (!gpuTool || !planTool) return { content: 'I have no tools to check that.' };
	if (turn.toolResults.length === 0) {
		return { reasoning: 'Two RTX 5090s: look them up first.', toolCalls: [{ name: gpuTool.name, arguments: { gpu: 'rtx-5090', count: 2 } }] };
	}
	if (turn.toolResults.length === 1) {
		return { reasoning: 'Now check gpt-oss-120b on them.', toolCalls: [{ name: planTool.name, arguments: { gpu: 'rtx-5090', count: 2, model: 'openai/gpt-oss-120b', contextLength: 32768 } }] };
	}
	const [gpus, plan] = turn.toolResults.map(summaryOf);
	return { reasoning: 'Answer from the tool results.', content: `GPUs: ${gpus}\nPlan: ${plan}` };
};

/** The one-line summary a tool result carries (Detect GPU: `text`, Pick Quant Format: `summary`). */
function summaryOf(result: string): string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(result);
	} catch {
		return result;
	}
	const first = (Array.isArray(parsed) ? parsed[0] : parsed) as Json;
	const line = [first?.summary, first?.text].find((value) => typeof value === 'string');
	return line ?? result;
}

const expectedPlan = async () =>
	(
		await pickQuantFormat({
			gpus: [0, 1].map((index) => gpuFromCatalog('rtx-5090', index)),
			model: 'openai/gpt-oss-120b',
			engine: 'any',
			contextLength: 32768,
			concurrency: 1,
			topN: 3,
		})
	).summary;

let server: E2eServer | undefined;
let vllm: VllmFake;
let lmStudio: LmStudioFake;
let scratch: string;
const captured: Json[] = [];

function chatWebhookId(file: string): string {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as { nodes: Json[] };
	return workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger')?.webhookId;
}

beforeAll(async () => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-agent-'));
	for (const file of WORKFLOWS) fs.copyFileSync(path.join(ROOT, 'workflows', file), path.join(scratch, file));
	vllm = await startVllmFake({
		baseModels: [{ id: 'openai/gpt-oss-20b', root: '/models/gpt-oss-20b', maxModelLen: 131072 }],
		existingAdapterPaths: [`${ADAPTER_ROOT}/overlay-planner`],
		toolCalling: { parser: 'openai' },
		chatScript: agentScript,
		loadLatencyMs: 400,
		streamEventDelayMs: 15,
	});
	lmStudio = await startLmStudioFake({ version: '0.4.8', chatScript: agentScript });
	server = await startE2eServer({ vllmUrl: vllm.url, vllmAdapterPaths: ADAPTER_ROOT, lmStudioUrl: lmStudio.url, workflowDirs: [scratch] });
}, E2E_SETUP_TIMEOUT_MS);

afterAll(async () => {
	await server?.close();
	await vllm?.close();
	await lmStudio?.close();
	if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
	if (process.env.OVERLAY_E2E_CAPTURE) fs.writeFileSync(process.env.OVERLAY_E2E_CAPTURE, `${JSON.stringify(captured, null, '\t')}\n`);
}, 60_000);

function running(): E2eServer {
	if (!server) throw new Error('the n8n server did not start (see beforeAll)');
	return server;
}

async function ask(hook: string, body: Json): Promise<{ status: number; json: Json }> {
	const answer = await running().post(hook, body, TEST_TIMEOUT_MS);
	captured.push({ webhook: hook, request: body, status: answer.status, answer: answer.json ?? answer.text });
	if (answer.json === undefined) throw new Error(`${hook} answered ${answer.status} ${answer.text}\n${running().n8n.readLog().slice(-3000)}`);
	return { status: answer.status, json: answer.json as Json };
}

/** POSTs a chat message to a Chat Trigger and reads its streamed answer (n8n's JSON lines) as it arrives. */
async function chat(file: string, sessionId: string, chatInput: string): Promise<{ lines: Json[]; reads: number; text: string }> {
	const response = await fetch(`${running().baseUrl}/webhook/${chatWebhookId(file)}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
	});
	expect(response.status).toBe(200);
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	let reads = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		reads++;
		text += decoder.decode(value, { stream: true });
	}
	const lines = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Json);
	captured.push({ chat: file, request: { action: 'sendMessage', sessionId, chatInput }, streamed: lines });
	return { lines, reads, text };
}

/** What the Chat Trigger of workflow 07 (vLLM) answers to a raw body, in words: status, time and the start of the text, or that no complete answer came. */
async function chatOutcome(body: string, timeoutMs = 20_000): Promise<string> {
	const started = Date.now();
	let status = 'no status';
	try {
		const response = await fetch(`${running().baseUrl}/webhook/${chatWebhookId('07-overlay-agent.json')}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		status = `HTTP ${response.status}`;
		const text = await response.text();
		return `${status} after ${Date.now() - started} ms: ${text.slice(0, 300)}`;
	} catch {
		return `${status}, no complete answer within ${timeoutMs} ms`;
	}
}

const chatRequests = (fake: { requests: Array<{ path: string; body: unknown }> }) =>
	fake.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as Json);

describe('07 overlay agent on a vLLM adapter', () => {
	test('a two-round tool loop: Detect GPU, then Pick Quant Format, then an answer from their results', async () => {
		const before = chatRequests(vllm).length;
		const { status, json } = await ask('overlay/07-agent', { message: QUESTION, sessionId: 'script-1' });
		expect(status).toBe(200);
		expect(json.sessionId).toBe('script-1');
		expect(json.summary).toBe('The agent answered after 2 tool call(s): Detect_GPU, Pick_Quant_Format.');
		expect(json.toolCalls).toEqual([
			{ tool: 'Detect_GPU', input: { gpu: 'rtx-5090', count: 2 } },
			{ tool: 'Pick_Quant_Format', input: { gpu: 'rtx-5090', count: 2, model: 'openai/gpt-oss-120b', contextLength: 32768 } },
		]);
		expect(json.answer).toContain(`Plan: ${await expectedPlan()}`);
		expect(json.answer).toMatch(/GPUs: 2 x NVIDIA GeForce RTX 5090/);
		expect(json.answer).not.toMatch(/look them up|Answer from the tool/);

		const requests = chatRequests(vllm).slice(before);
		expect(requests).toHaveLength(3);
		for (const request of requests) {
			expect(request).toMatchObject({ model: 'overlay-planner', tool_choice: 'auto', reasoning_effort: 'low' });
			expect(request.tools.map((tool: Json) => tool.function.name).sort()).toEqual(['Detect_GPU', 'Pick_Quant_Format']);
			expect(JSON.stringify(request.messages)).not.toMatch(/look them up|Now check/);
		}
		expect(requests[2].messages.filter((message: Json) => message.role === 'tool')).toHaveLength(2);
		expect(vllm.loadedAdapters().map((adapter) => adapter.name)).toContain('overlay-planner');
	}, TEST_TIMEOUT_MS);

	test('an adapter named by several chats at once is loaded once', async () => {
		const bodies = Array.from({ length: 4 }, (_, index) => ({ message: QUESTION, sessionId: `burst-${index}`, model: 'planner-b', adapterPath: `${ADAPTER_ROOT}/overlay-planner` }));
		const answers = await Promise.all(bodies.map((body) => ask('overlay/07-agent', body)));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		const loads = vllm.requests.filter((request) => request.path === '/v1/load_lora_adapter' && (request.body as Json).lora_name === 'planner-b');
		expect(loads).toHaveLength(1);
	}, TEST_TIMEOUT_MS);

	test('the Chat Trigger gets the answer streamed piece by piece, without the reasoning; memory keeps the conversation', async () => {
		const before = chatRequests(vllm).length;
		const { lines, reads } = await chat('07-overlay-agent.json', 'chat-1', QUESTION);
		const items = lines.filter((line) => line.type === 'item');
		const streamed = items.map((line) => line.content).join('');
		expect(streamed).toContain(`Plan: ${await expectedPlan()}`);
		expect(streamed).not.toMatch(/look them up|Answer from the tool/);
		expect(items.length).toBeGreaterThan(5);
		expect(reads).toBeGreaterThan(1);
		expect(lines.some((line) => line.type === 'error')).toBe(false);
		expect(chatRequests(vllm).slice(before).every((request) => request.stream === true)).toBe(true);

		const followUp = await chat('07-overlay-agent.json', 'chat-1', 'And on one RTX PRO 6000?');
		expect(followUp.lines.some((line) => line.type === 'item')).toBe(true);
		const lastRequest = chatRequests(vllm).at(-1)!;
		expect(JSON.stringify(lastRequest.messages)).toContain(QUESTION);
	}, TEST_TIMEOUT_MS);

	test('a server error in the middle of the streamed answer reaches the chat as an error, with the fix', async () => {
		vllm.setOptions({ failures: [{ kind: 'mid-stream-error', path: '/v1/chat/completions', afterEvents: 4, message: 'CUDA out of memory. Tried to allocate 2.00 GiB' }] });
		const { lines } = await chat('07-overlay-agent.json', 'chat-error', QUESTION);
		const error = lines.find((line) => line.type === 'error');
		expect(error).toBeDefined();
		expect(error?.content).toBe(
			'vLLM failed while generating ("CUDA out of memory. Tried to allocate 2.00 GiB"), so the answer so far was cut off. Check vLLM\'s log for the cause, e.g. out of GPU memory or a crashed engine.',
		);
	}, TEST_TIMEOUT_MS);

	test('a vLLM without --enable-auto-tool-choice, or an adapter path outside the allow-list: the script gets the error and the fix', async () => {
		vllm.setOptions({ toolCalling: undefined });
		try {
			const { status, json } = await ask('overlay/07-agent', { message: QUESTION, sessionId: 'no-parser' });
			expect(status).toBe(502);
			expect(json.step).toBe('Script agent');
			expect(json.server).toBe('vLLM');
			expect(json.error).toMatch(/started without --enable-auto-tool-choice and --tool-call-parser\. Restart vLLM with --enable-auto-tool-choice --tool-call-parser <parser> \(hermes for Qwen/);
		} finally {
			vllm.setOptions({ toolCalling: { parser: 'openai' } });
		}
		const refused = await ask('overlay/07-agent', { message: QUESTION, model: 'evil', adapterPath: '/etc/evil' });
		expect(refused.status).toBe(400);
		expect(refused.json.error).toMatch(/^Adapter path "\/etc\/evil" refused/);
		expect(refused.json.summary).toMatch(/^Script agent refused the request: /);
		expect(refused.json.server).toBeNull();
		expect(vllm.requests.some((request) => (request.body as Json)?.lora_name === 'evil')).toBe(false);

		const empty = await ask('overlay/07-agent', { sessionId: 'x' });
		expect(empty.status).toBe(400);
		expect(empty.json).toMatchObject({ error: 'Bad request: "message" is required.', summary: 'The request was not run: "message" is required.' });
		const pathWithoutModel = await ask('overlay/07-agent', { message: QUESTION, adapterPath: '/srv/adapters/x' });
		expect(pathWithoutModel.status).toBe(400);
		expect(pathWithoutModel.json.error).toBe('Bad request: "adapterPath" needs "model" as well.');
	}, TEST_TIMEOUT_MS);

	test('a body nested 100,000 deep or over 1 MiB is refused by Read request at once, and the next question is answered', async () => {
		const timings: string[] = [];
		for (const hook of ['overlay/07-agent', 'overlay/07-agent-lmstudio']) {
			const deep = await running().post(hook, DEEP_BODY, TEST_TIMEOUT_MS);
			expect(deep.status).toBe(400);
			expect(deep.json).toMatchObject({ error: 'Bad request: the body is nested deeper than 32 levels of objects and arrays.' });
			const large = await running().post(hook, JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024) }), TEST_TIMEOUT_MS);
			expect(large.status).toBe(413);
			timings.push(`${hook}: deep ${deep.ms} ms, 2 MiB ${large.ms} ms`);
		}
		// Robust on a loaded 2-core machine; the measured times go to the log (workflows/README.md quotes them).
		console.log(`07, deep bodies: ${timings.join(', ')}`);
		const { status } = await ask('overlay/07-agent', { message: QUESTION, sessionId: 'after-deep' });
		expect(status).toBe(200);
		expect(running().n8n.readLog()).not.toMatch(/Maximum call stack size exceeded|RangeError/);
	}, 2 * TEST_TIMEOUT_MS);

	test('the Chat Trigger, whose body n8n itself reads (no Read request there): a 100,000-deep body, a body without chatInput, then a chat that works', async () => {
		// Measured, not designed: what n8n 2.41.1's Chat Trigger and AI Agent do with these bodies (workflows/README.md quotes the log).
		const deep = await chatOutcome(DEEP_BODY);
		const noInput = await chatOutcome(JSON.stringify({ action: 'sendMessage', sessionId: 'no-input' }));
		// n8n 2.41.1 itself overflows its stack on the deep one (lodash merge, after the 200 was sent): logged, not asserted.
		const overflow = /RangeError: Maximum call stack size exceeded\n(?:.*\n){0,3}/.exec(running().n8n.readLog())?.[0] ?? 'none';
		console.log(`07 Chat Trigger: 100,000-deep body: ${deep}; flat body without chatInput: ${noInput}; stack overflow in n8n's log: ${overflow}`);
		expect(noInput).toMatch(/^HTTP 200 after \d+ ms: .*"type":"error"/);
		const { lines } = await chat('07-overlay-agent.json', 'after-deep-chat', QUESTION);
		expect(lines.filter((line) => line.type === 'item').map((line) => line.content).join('')).toContain(`Plan: ${await expectedPlan()}`);
	}, 2 * TEST_TIMEOUT_MS);
});

describe('07 overlay agent on LM Studio', () => {
	test('the same two tool rounds through the LM Studio Chat Model; the agent\'s forced first tool call, JIT TTL and reasoning effort reach LM Studio', async () => {
		const { status, json } = await ask('overlay/07-agent-lmstudio', { message: QUESTION, sessionId: 'lms-1' });
		expect(status).toBe(200);
		expect(json.toolCalls.map((call: Json) => call.tool)).toEqual(['Detect_GPU', 'Pick_Quant_Format']);
		expect(json.answer).toContain(`Plan: ${await expectedPlan()}`);
		const requests = chatRequests(lmStudio);
		expect(requests).toHaveLength(3);
		// The agent's "Force Tool Call on First Iteration" is on in this variant: required first, then auto.
		expect(requests.map((request) => request.tool_choice)).toEqual(['required', 'auto', 'auto']);
		expect(requests[0]).toMatchObject({ model: 'openai/gpt-oss-20b', ttl: 600, reasoning_effort: 'low' });
	}, TEST_TIMEOUT_MS);

	test('and streamed to its Chat Trigger', async () => {
		const { lines } = await chat('07-overlay-agent-lmstudio.json', 'lms-chat', QUESTION);
		expect(lines.filter((line) => line.type === 'item').map((line) => line.content).join('')).toContain(`Plan: ${await expectedPlan()}`);
	}, TEST_TIMEOUT_MS);
});
