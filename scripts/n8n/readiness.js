'use strict';
/**
 * When is the started n8n ready: its readiness endpoint answers 200 and every example webhook is
 * registered. A webhook's registration is read from a CORS preflight (OPTIONS with an Origin
 * header), which looks the path up in n8n's webhook registry without running the workflow.
 *
 * n8n 2.41 answers that preflight 204 for a registered webhook and 500 (not 404) for an unknown
 * one, because the lookup error escapes its CORS handler. Only a 2xx counts as registered.
 */
const fs = require('node:fs');
const http = require('node:http');

/** Log lines that mean a workflow will never be registered: fail fast instead of timing out. */
const FATAL_LOG_PATTERNS = [/Unrecognized node type[^\n]*/, /cannot run on this instance[^\n]*/, /There was an error activating[^\n]*/, /is already in use[^\n]*/];

/** The HTTP status of one request, or 0 when there was no answer. */
function probe(url, method, headers = {}) {
	return new Promise((resolve) => {
		// A fresh connection per probe: a kept-alive socket that n8n closes after its 5 s idle timeout
		// would otherwise answer "socket hang up" and read as "not registered".
		const request = http.request(url, { method, headers, timeout: 2000, agent: false }, (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(0));
		request.end();
	});
}

const isSuccess = (status) => status >= 200 && status < 300;

async function isWebhookRegistered(baseUrl, hookPath, method) {
	const status = await probe(`${baseUrl}/webhook/${hookPath}`, 'OPTIONS', { Origin: baseUrl, 'Access-Control-Request-Method': method });
	return isSuccess(status);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function readLog(logFile) {
	try {
		return fs.readFileSync(logFile, 'utf8');
	} catch {
		return '';
	}
}

function findFatal(logFile) {
	const text = readLog(logFile);
	for (const pattern of FATAL_LOG_PATTERNS) {
		const match = text.match(pattern);
		if (match) return match[0];
	}
	return undefined;
}

function tail(logFile, lines = 30) {
	return readLog(logFile).trim().split('\n').slice(-lines).join('\n');
}

/**
 * Resolves once every webhook is registered in one pass. `child` is the n8n process, or anything
 * with exitCode/signalCode: its exit ends the wait with the log's tail.
 */
async function waitUntilReady({ baseUrl, webhooks, child, logFile, timeoutMs, pollMs = 250 }) {
	const deadline = Date.now() + timeoutMs;
	let serverUp = false;
	let missing = webhooks.map((hook) => hook.path);
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready; log: ${logFile}\n${tail(logFile)}`);
		}
		const fatal = findFatal(logFile);
		if (fatal) throw new Error(`n8n cannot run the example workflows: ${fatal}\nlog: ${logFile}`);
		if (!serverUp) serverUp = (await probe(`${baseUrl}/healthz/readiness`, 'GET')) === 200;
		if (serverUp) {
			// Every webhook in the same pass: one seen earlier may have been withdrawn since.
			const registered = await Promise.all(webhooks.map((hook) => isWebhookRegistered(baseUrl, hook.path, hook.method)));
			missing = webhooks.filter((_, index) => !registered[index]).map((hook) => hook.path);
			if (missing.length === 0) return;
		}
		await sleep(pollMs);
	}
	throw new Error(`n8n was not ready within ${timeoutMs / 1000} s (${serverUp ? `webhooks not registered: ${missing.join(', ')}` : 'server not up'}); log: ${logFile}\n${tail(logFile)}`);
}

module.exports = { waitUntilReady, isWebhookRegistered, readLog, tail };
