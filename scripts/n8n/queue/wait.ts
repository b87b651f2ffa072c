import * as net from 'node:net';
import { startProcess, type ManagedProcess, type ProcessSpec } from '../processes';
import { tail } from '../readiness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `request` on a fresh TCP connection and resolves with what came back within timeoutMs ('' on failure). */
export function exchange(host: string, port: number, request: string, timeoutMs = 2000): Promise<string> {
	return new Promise((resolve) => {
		let answer = '';
		const socket = net.connect({ host, port });
		const done = () => {
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(timeoutMs, done);
		socket.on('connect', () => socket.write(request));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\n')) done();
		});
		socket.on('error', done);
		socket.on('close', done);
	});
}

/** Polls `check` until it resolves true; fails with `what` and the detail `describe` gives. */
export async function waitFor(what: string, check: () => Promise<boolean>, { timeoutMs, exited, describe }: { timeoutMs: number; exited?: () => boolean; describe?: () => string }): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited?.()) throw new Error(`${what} exited before it was ready\n${describe?.() ?? ''}`);
		if (await check()) return;
		await sleep(250);
	}
	throw new Error(`${what} was not ready within ${timeoutMs / 1000} s\n${describe?.() ?? ''}`);
}

/** Starts a server process and resolves once `ready` says so; stops it and fails with its log's tail when it exits or times out first. */
export async function startUntilReady(spec: ProcessSpec, ready: () => Promise<boolean>, timeoutMs: number): Promise<ManagedProcess> {
	const started = startProcess(spec);
	try {
		await waitFor(spec.name, ready, { timeoutMs, exited: () => !started.isRunning(), describe: () => `log: ${spec.logFile}\n${tail(spec.logFile)}` });
	} catch (error) {
		await started.stop();
		throw error;
	}
	return started;
}
