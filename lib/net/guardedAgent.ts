/**
 * Connections for user-given URLs check, when they are made, every address the host name resolved
 * to: the agent's `lookup` resolves once, refuses when any answer is an address the policy does not
 * allow, and hands Node exactly the addresses it checked, so a DNS answer that changes between a
 * check and the connection (DNS rebinding) cannot slip through. IP literals never reach `lookup`;
 * checkUrl judges them before the request.
 *
 * One keep-alive agent per origin and policy: a socket opened under one policy is never reused
 * under another.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './checkUrl';
import type { SourcePolicy } from './sourcePolicy';

/** The error code a refused address surfaces with; fetchUserUrl turns it into an input error. */
export const ADDRESS_REFUSED = 'EOVERLAY_ADDRESS_REFUSED';

const IDLE_SOCKET_MS = 4_000;
const MAX_POOLED_AGENTS = 64;
const agents = new Map<string, http.Agent>();
const lookupIds = new WeakMap<LookupFunction, number>();
let lastLookupId = 0;

function lookupId(lookup: LookupFunction): number {
	let id = lookupIds.get(lookup);
	if (id === undefined) {
		id = ++lastLookupId;
		lookupIds.set(lookup, id);
	}
	return id;
}

export function guardedLookup(policy: SourcePolicy): LookupFunction {
	return (hostname, options, callback) => {
		policy.lookup(hostname, { ...options, all: true }, (error, answer) => {
			if (error) return callback(error, '', 0);
			const addresses = (Array.isArray(answer) ? answer : [{ address: answer, family: 0 }]) as LookupAddress[];
			for (const { address } of addresses) {
				const reason = addressRefusal(address, policy);
				if (reason) {
					const refusal = Object.assign(new Error(`${hostname} resolves to ${address}, ${reason}`), { code: ADDRESS_REFUSED, address });
					return callback(refusal, '', 0);
				}
			}
			if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
			if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
			callback(null, addresses[0].address, addresses[0].family);
		});
	};
}

/** A keep-alive agent whose connections pass guardedLookup, shared per origin and policy. */
export function guardedAgent(url: URL, policy: SourcePolicy): http.Agent {
	const key = `${url.protocol}//${url.host} ${lookupId(policy.lookup)} ${policy.key}`;
	let agent = agents.get(key);
	if (!agent) {
		const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const, lookup: guardedLookup(policy) };
		agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
		if (agents.size < MAX_POOLED_AGENTS) agents.set(key, agent);
	}
	return agent;
}

/**
 * Through a proxy the proxy resolves the name, so the check cannot sit at connect time: the name is
 * resolved here and refused when any answer is not allowed (the proxy may still get another answer;
 * README: "Allowed Sources").
 */
export function checkResolvedThroughProxy(hostname: string, policy: SourcePolicy): Promise<string | null> {
	return new Promise((resolve) => {
		guardedLookup(policy)(hostname, { all: true }, (error) => {
			const code = (error as NodeJS.ErrnoException | null)?.code;
			resolve(code === ADDRESS_REFUSED ? (error as Error).message : null);
		});
	});
}
