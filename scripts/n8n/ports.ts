import * as net from 'node:net';

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function listenEphemeral(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** A free port on 127.0.0.1 whose successor is free too (n8n's task broker takes port + 1). */
export async function findFreePortPair(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await listenEphemeral();
		if (port < 65535 && (await isPortFree(port + 1))) return port;
	}
	throw new Error('No two consecutive free ports found on 127.0.0.1');
}

/** A free port on 127.0.0.1. */
export const findFreePort = listenEphemeral;
