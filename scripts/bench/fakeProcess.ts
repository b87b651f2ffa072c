/** What the benches share: the fakes in a child process (fakeServers.ts), a worker pool, and the raw client they compare against. */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface FakeProcess {
	vllm: string;
	lmstudio: string;
	/** The most generation requests each fake served at once since the previous call. */
	maxInFlight(): Promise<{ vllm: number; lmstudio: number }>;
	stop(): void;
}

/** `ports`: fixed ports for the vLLM and LM Studio fakes (default: any free ones). */
export async function startFakeProcess(latencyMs: number, ports: [number, number] | [] = []): Promise<FakeProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'fakeServers.ts'), String(latencyMs), ...ports.map(String)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = createInterface({ input: child.stdout });
	const nextLine = () =>
		new Promise<string>((done, fail) => {
			const onExit = (code: number | null) => fail(new Error(`the fakes exited (${code})`));
			child.once('exit', onExit);
			lines.once('line', (line) => {
				child.off('exit', onExit);
				done(line);
			});
		});
	const urls = JSON.parse(await nextLine()) as { vllm: string; lmstudio: string };
	return {
		...urls,
		maxInFlight: async () => {
			const answer = nextLine();
			child.stdin.write('stats\n');
			return JSON.parse(await answer) as { vllm: number; lmstudio: number };
		},
		stop: () => child.stdin.end(),
	};
}

export type Send = (index: number) => Promise<unknown>;

export async function runPool(count: number, concurrency: number, send: Send): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await send(next++);
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The floor: one keep-alive agent (maxSockets = concurrency), nothing but the request and JSON.parse of the answer. */
export function rawClient(baseUrl: string, model: string, concurrency: number): Send {
	const target = new URL('/v1/chat/completions', baseUrl);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	return (index) =>
		new Promise((done, fail) => {
			const body = JSON.stringify({ model, messages: [{ role: 'user', content: `question ${index}` }] });
			const request = http.request(
				{ agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
				(response) => {
					let text = '';
					response.setEncoding('utf8');
					response.on('data', (chunk: string) => (text += chunk));
					response.on('end', () => done(JSON.parse(text)));
					response.on('error', fail);
				},
			);
			request.on('error', fail);
			request.end(body);
		});
}
