import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OverlayError } from '../../../lib/errors';
import { fetchDcgmGpus, parseDcgmMetrics } from '../../../lib/gpu';
import { fixture } from './fixtures';

describe('parseDcgmMetrics', () => {
	it('reads GPUs from a dcgm-exporter scrape', () => {
		const gpus = parseDcgmMetrics(fixture('dcgm-exporter-h100.prom'));
		expect(gpus).toHaveLength(2);
		expect(gpus[0]).toMatchObject({
			index: 0,
			name: 'NVIDIA H100 80GB HBM3',
			uuid: 'GPU-a4c123b1-612d-d272-d137-1c17149d4395',
			memoryFreeMiB: 8593,
			memoryUsedMiB: 72411,
			memoryTotalMiB: 81559,
			driverVersion: '570.124.06',
			utilizationPercent: 97,
			temperatureC: 61,
			powerDrawW: 512.343,
			computeCapability: '9.0',
			architecture: 'Hopper',
			source: 'dcgm',
		});
		expect(gpus[1].memoryFreeMiB).toBe(81003);
	});

	it('numbers GPUs across several hosts in order and ignores MIG instance series', () => {
		const text = [
			'DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-b",modelName="NVIDIA L4",Hostname="b"} 20000',
			'DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-b",modelName="NVIDIA L4",Hostname="b"} 3034',
			'DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-a",modelName="NVIDIA L4",Hostname="a"} 23034',
			'DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-a",modelName="NVIDIA L4",Hostname="a"} 0',
			'DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-a",modelName="NVIDIA L4",Hostname="a",GPU_I_ID="1",GPU_I_PROFILE="1g.5gb"} 4000',
		].join('\n');
		const gpus = parseDcgmMetrics(text);
		expect(gpus.map((gpu) => [gpu.index, gpu.uuid, gpu.memoryTotalMiB])).toEqual([
			[0, 'GPU-a', 23034],
			[1, 'GPU-b', 23034],
		]);
	});

	it('returns nothing for a scrape without DCGM metrics', () => {
		expect(parseDcgmMetrics('# HELP up\nup 1\nnode_load1 0.5\n')).toEqual([]);
	});
});

describe('fetchDcgmGpus', () => {
	let server: Server;
	let base: string;
	beforeAll(async () => {
		server = createServer((request, response) => {
			if (request.url === '/metrics') {
				response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
				response.end(fixture('dcgm-exporter-h100.prom'));
			} else if (request.url === '/node') {
				response.end('node_load1 0.5\n');
			} else {
				response.writeHead(500);
				response.end('boom');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('reads GPUs over HTTP', async () => {
		const gpus = await fetchDcgmGpus(`${base}/metrics`, { timeoutMs: 5000 });
		expect(gpus.map((gpu) => gpu.name)).toEqual(['NVIDIA H100 80GB HBM3', 'NVIDIA H100 80GB HBM3']);
	});

	it('maps an error status to an http error and a non-DCGM page to a protocol error', async () => {
		await expect(fetchDcgmGpus(`${base}/broken`)).rejects.toMatchObject({ kind: 'http', httpStatus: 500 });
		await expect(fetchDcgmGpus(`${base}/node`)).rejects.toMatchObject({ kind: 'protocol' });
	});

	it('maps a refused connection to unreachable with a hint, without credentials in the message', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await fetchDcgmGpus(`http://user:s3cret@127.0.0.1:${port}/metrics`, { timeoutMs: 2000 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(OverlayError);
		expect(error).toMatchObject({ kind: 'unreachable' });
		expect((error as OverlayError).hint).toMatch(/9400/);
		expect(JSON.stringify({ message: (error as OverlayError).message, url: (error as OverlayError).url })).not.toContain('s3cret');
	});

	it('rejects a malformed URL as bad input', async () => {
		await expect(fetchDcgmGpus('gpu-node:9400')).rejects.toMatchObject({ kind: 'input' });
		await expect(fetchDcgmGpus('not a url')).rejects.toMatchObject({ kind: 'input' });
	});
});
