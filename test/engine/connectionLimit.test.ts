/**
 * The Generate nodes never hold more connections to a server than their concurrency: a loopback TCP
 * relay in front of each fake counts the connections open at once. With 120 items answered after a
 * few ms, a request sent the moment another finished would open a socket of its own if the agent
 * allowed more than the concurrency (the finished socket is not free yet at that moment).
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { LmStudioGenerate } from '../../nodes/LmStudioGenerate/LmStudioGenerate.node';
import { VllmGenerate } from '../../nodes/VllmGenerate/VllmGenerate.node';
import { startLmStudioFake } from '../fakes/lmStudioServer';
import { startVllmFake } from '../fakes/vllmServer';
import { runNode } from './harness';

interface CountingRelay {
	url: string;
	connections: number;
	maxOpen: number;
	close(): Promise<void>;
}

async function countingRelay(targetUrl: string): Promise<CountingRelay> {
	const target = new URL(targetUrl);
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		relay.connections++;
		relay.maxOpen = Math.max(relay.maxOpen, ++open);
		const upstream = net.connect(Number(target.port), target.hostname);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('error', () => undefined);
			socket.on('close', () => sockets.delete(socket));
		}
		client.on('close', () => {
			open--;
			upstream.destroy();
		});
		upstream.on('close', () => client.destroy());
		client.pipe(upstream).pipe(client);
	});
	let open = 0;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const relay: CountingRelay = {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		connections: 0,
		maxOpen: 0,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
	return relay;
}

const items = Array.from({ length: 120 }, (_, i): IDataObject => ({ q: `question ${i}` }));
const generate = (concurrency: number, model: string): INodeParameters => ({
	resource: 'text',
	operation: 'generate',
	model: { __rl: true, mode: 'id', value: model },
	prompt: '={{ $json.q }}',
	options: { concurrency },
});

async function maxOpenConnections(node: INodeType, serverUrl: string, credential: string, data: IDataObject, concurrency: number, model: string): Promise<CountingRelay> {
	const relay = await countingRelay(serverUrl);
	try {
		const result = await runNode(node, generate(concurrency, model), {
			items,
			credentialTypes: [credential],
			credentials: { [credential]: { ...data, baseUrl: relay.url } as never },
		});
		expect(result.error).toBeUndefined();
		expect(result.last.json).toHaveLength(items.length);
		return relay;
	} finally {
		await relay.close();
	}
}

describe('connections per server never exceed the concurrency (engine)', () => {
	it.each([1, 4])('vLLM Generate at concurrency %i', async (concurrency) => {
		const fake = await startVllmFake({ latencyMs: [1, 4] });
		try {
			const relay = await maxOpenConnections(new VllmGenerate(), fake.url, 'vllmApi', { apiKey: '', allowedAdapterPaths: '' }, concurrency, 'Qwen/Qwen3-8B');
			expect(relay.maxOpen).toBeLessThanOrEqual(concurrency);
			expect(fake.maxInFlight()).toBe(concurrency);
		} finally {
			await fake.close();
		}
	});

	it.each([1, 4])('LM Studio Generate at concurrency %i', async (concurrency) => {
		const fake = await startLmStudioFake({ version: '0.4.8', latencyMs: () => 1 + Math.random() * 3 });
		try {
			const relay = await maxOpenConnections(new LmStudioGenerate(), fake.url, 'lmStudioApi', { apiToken: '' }, concurrency, 'openai/gpt-oss-20b');
			expect(relay.maxOpen).toBeLessThanOrEqual(concurrency);
			expect(relay.connections).toBeGreaterThan(0);
		} finally {
			await fake.close();
		}
	});
});
