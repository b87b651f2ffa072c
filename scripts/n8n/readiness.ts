/**
 * When is the started n8n ready: its readiness endpoint answers 200 and every example webhook is
 * registered. A webhook's registration is read from a CORS preflight (OPTIONS with an Origin
 * header), which looks the path up in n8n's webhook registry without running the workflow.
 *
 * n8n 2.41 answers that preflight 204 for a registered webhook and 500 (not 404) for an unknown
 * one, because the lookup error escapes its CORS handler. Only a 2xx counts as registered.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

/** Log lines that mean a workflow will never be registered: fail fast instead of timing out. */
const FATAL_LOG_PATTERNS = [/Unrecognized node type[^\n]*/, /cannot run on this instance[^\n]*/, /There was an error activating[^\n]*/, /is already in use[^\n]*/];

export interface ReadinessWebhook {
	path: string;
	method: string;
}

export interface WaitUntilReadyOptions {
	baseUrl: string;
	webhooks: ReadinessWebhook[];
	/** The n8n process, or anything with exitCode/signalCode: its exit ends the wait with the log's tail. */
	child: { exitCode: number | null; signalCode: NodeJS.Signals | string | null };
	logFile: string;
	timeoutMs: number;
	pollMs?: number;
}

/** A busy n8n (or a busy machine) can take seconds to answer a probe. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The HTTP status of one request, or 0 when there was no answer within timeoutMs. A connection of
 * its own each time: a kept-alive one (Node's default agent) that n8n closes after its 5 s idle
 * timeout gets reused at that moment now and then, and the reset would read as "not registered".
 */
export function probe(url: string, method: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve) => {
		const request = http.request(url, { method, headers, timeout: timeoutMs, agent: false }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(0));
		request.end();
	});
}

const isSuccess = (status: number) => status >= 200 && status < 300;

export async function isWebhookRegistered(baseUrl: string, hookPath: string, method: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
	const status = await probe(`${baseUrl}/webhook/${hookPath}`, 'OPTIONS', timeoutMs, { Origin: baseUrl, 'Access-Control-Request-Method': method });
	return isSuccess(status);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function readLog(logFile: string): string {
	try {
		return fs.readFileSync(logFile, 'utf8');
	} catch {
		return '';
	}
}

function findFatal(logFile: string): string | undefined {
	const text = readLog(logFile);
	for (const pattern of FATAL_LOG_PATTERNS) {
		const match = text.match(pattern);
		if (match) return match[0];
	}
	return undefined;
}

export function tail(logFile: string, lines = 30): string {
	return readLog(logFile).trim().split('\n').slice(-lines).join('\n');
}

/** Resolves once every webhook is registered in one pass. */
export async function waitUntilReady({ baseUrl, webhooks, child, logFile, timeoutMs, pollMs = 250 }: WaitUntilReadyOptions): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let serverUp = false;
	let missing = webhooks.map((hook) => hook.path);
	while (Date.now() < deadline) {
		const probeTimeoutMs = Math.min(PROBE_TIMEOUT_MS, Math.max(100, deadline - Date.now()));
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready; log: ${logFile}\n${tail(logFile)}`);
		}
		const fatal = findFatal(logFile);
		if (fatal) throw new Error(`n8n cannot run the example workflows: ${fatal}\nlog: ${logFile}`);
		if (!serverUp) serverUp = (await probe(`${baseUrl}/healthz/readiness`, 'GET', probeTimeoutMs)) === 200;
		if (serverUp) {
			// Every webhook in the same pass: one seen earlier may have been withdrawn since.
			const registered = await Promise.all(webhooks.map((hook) => isWebhookRegistered(baseUrl, hook.path, hook.method, probeTimeoutMs)));
			missing = webhooks.filter((_, index) => !registered[index]).map((hook) => hook.path);
			if (missing.length === 0) return;
		}
		await sleep(pollMs);
	}
	throw new Error(`n8n was not ready within ${timeoutMs / 1000} s (${serverUp ? `webhooks not registered: ${missing.join(', ')}` : 'server not up'}); log: ${logFile}\n${tail(logFile)}`);
}
