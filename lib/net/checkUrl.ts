/**
 * Whether a URL (the first request or any redirect) may be fetched under a SourcePolicy: its scheme,
 * its host (against the host entries) and, for an IP literal, its address. Host names are checked
 * again when the connection is made, on the addresses they resolve to (guardedAgent.ts).
 */
import { isIP } from 'node:net';
import { OverlayError } from '../errors';
import { withoutCredentials } from '../clients/transport/proxy';
import { nonPublicReason } from './addressRanges';
import { inCidr, ipBytes, type IpBytes } from './ipAddress';
import { allowHint, describePolicy, type HostRule, type SourcePolicy } from './sourcePolicy';

function effectivePort(url: URL): number {
	return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function ruleMatches(rule: HostRule, url: URL, host: string, literal: IpBytes | null): boolean {
	if (rule.scheme && rule.scheme !== url.protocol) return false;
	if (rule.port !== null && rule.port !== effectivePort(url)) return false;
	if (literal || rule.literal) return !!literal && !!rule.literal && literal.every((byte, i) => byte === rule.literal![i]);
	return rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host;
}

/** Why this address may not be reached under the policy, or null when it may. */
export function addressRefusal(address: string, policy: SourcePolicy): string | null {
	const bytes = ipBytes(address);
	if (!bytes) return `"${address}" is not an IP address`;
	if (policy.ranges.some((range) => inCidr(bytes, range))) return null;
	return nonPublicReason(bytes);
}

export function hostOf(url: URL): string {
	return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export function refused(what: string, shown: string, why: string, hint: string): OverlayError {
	return new OverlayError('input', `${what} ${shown} was refused: ${why}.`, { hint, url: shown });
}

/** Throws an input error naming the setting when the policy does not allow fetching this URL. */
export function checkUrl(url: URL, policy: SourcePolicy, what: string): void {
	const shown = withoutCredentials(url);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw refused(what, shown, `only http and https URLs are read, not ${url.protocol}`, 'Give an https URL, or for a file on the n8n machine its absolute path under an allowed folder.');
	}
	const host = hostOf(url);
	const literal = isIP(host) ? ipBytes(host) : null;
	const rule = policy.hosts.find((candidate) => ruleMatches(candidate, url, host, literal));
	const inRange = !!literal && policy.ranges.some((range) => inCidr(literal, range));
	if (!rule && !inRange && !policy.anyHost) {
		const port = url.port ? `:${url.port}` : '';
		throw refused(what, shown, `${describePolicy(policy)}, not ${host}${port}`, allowHint(policy, `"${literal ? host : `${url.protocol}//${url.host}`}"`));
	}
	if (literal && !rule?.literal && !inRange) {
		const reason = nonPublicReason(literal);
		if (reason) throw refused(what, shown, `${host} is ${reason}`, allowHint(policy, `"${host}" (or its range)`));
	}
}
