/** Keep-alive agents: one per server and connection limit, so a client's limit holds whoever else talks to that server. */
import { agentFor, DEFAULT_MAX_SOCKETS } from '../../../lib/clients/transport/agents';

describe('agentFor', () => {
	const server = new URL('http://127.0.0.1:8000');

	it('shares one agent per server and limit', () => {
		expect(agentFor(server, null, 8)).toBe(agentFor(new URL('http://127.0.0.1:8000/v1'), null, 8));
		expect(agentFor(server, null, 8).maxSockets).toBe(8);
	});

	it('keeps a limit when another client asks the same server for more', () => {
		const small = agentFor(server, null, 4);
		const large = agentFor(server, null, DEFAULT_MAX_SOCKETS);
		expect(large).not.toBe(small);
		expect(small.maxSockets).toBe(4);
		expect(large.maxSockets).toBe(DEFAULT_MAX_SOCKETS);
	});

	it('gives each server its own agent', () => {
		expect(agentFor(new URL('http://127.0.0.1:8001'), null, 8)).not.toBe(agentFor(server, null, 8));
	});
});
