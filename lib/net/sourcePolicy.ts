/**
 * Allowed Sources: where a model file named by a workflow input (a GGUF file, a config.json, a
 * Hugging Face Hub repository) may be read from, so that a webhook body cannot make n8n read files
 * on its host or call addresses on its network.
 *
 * Entries, separated by commas or new lines:
 * - `huggingface`: the Hugging Face Hub and the hosts it redirects downloads to (https only);
 * - `/folder`: local files under that folder (realpath-checked, see localPath.ts);
 * - `host`, `host:port`, `*.domain`, `https://host[:port]`: URLs to that host (any port and http or
 *   https unless given); `*` any host name;
 * - an IP address or range (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`): that address may be reached,
 *   as a URL's host or as the address a host name resolves to. Nothing else that is not a public
 *   address is ever reached (addressRanges.ts);
 * - `none`: nothing.
 * The node's option wins; without it OVERLAY_ALLOWED_SOURCES in n8n's environment; without both,
 * `huggingface`.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import * as posix from 'node:path/posix';
import { OverlayError } from '../errors';
import { HUGGING_FACE_HOSTS } from './hubHosts';
import { ipBytes, parseCidr, type Cidr, type IpBytes } from './ipAddress';

export const ALLOWED_SOURCES_ENV = 'OVERLAY_ALLOWED_SOURCES';
export const ALLOWED_SOURCES_OPTION = 'Allowed Sources';
export const DEFAULT_ALLOWED_SOURCES = 'huggingface';

export type PolicyOrigin = 'option' | 'environment' | 'default';

export interface HostRule {
	/** null: http and https. */
	scheme: 'http:' | 'https:' | null;
	/** Lower case, without a trailing dot; for a wildcard the domain after `*.`. */
	host: string;
	wildcard: boolean;
	/** null: any port. */
	port: number | null;
	/** The address when the host is an IP literal. */
	literal: IpBytes | null;
}

export interface SourcePolicy {
	readonly folders: readonly string[];
	readonly hosts: readonly HostRule[];
	readonly anyHost: boolean;
	/** Non-public addresses that may be reached. */
	readonly ranges: readonly Cidr[];
	readonly origin: PolicyOrigin;
	/** The entries as written, for messages. */
	readonly entries: readonly string[];
	/** A canonical form: caches and connection pools never mix policies. */
	readonly key: string;
	/** Resolves host names (tests pass their own; the answer is checked before connecting). */
	readonly lookup: LookupFunction;
}

export interface SourcePolicyOptions {
	lookup?: LookupFunction;
}

function badEntry(entry: string, why: string): OverlayError {
	return new OverlayError('input', `The allowed source "${entry}" ${why}`, {
		hint: `Write ${ALLOWED_SOURCES_OPTION} entries as huggingface, an absolute folder (/models), a host (models.example.com, *.example.com, https://host:8443), an address or range (10.0.0.5, 10.0.0.0/8), * or none.`,
	});
}

function parseFolder(entry: string): string {
	if (/[\0-\x1f\\]/.test(entry) || /%[0-9a-f]{2}/i.test(entry) || entry.split('/').includes('..')) {
		throw badEntry(entry, 'has "..", a backslash, a control character or a %-encoded character; give the plain absolute folder.');
	}
	const normalized = posix.normalize(entry);
	return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

function parseHost(entry: string): HostRule {
	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
	const wildcard = /^(?:[a-z]+:\/\/)?\*\./i.test(entry);
	let url: URL;
	try {
		url = new URL(hasScheme ? entry.replace('*.', '') : `http://${entry.replace(/^\*\./, '')}`);
	} catch {
		throw badEntry(entry, 'is not a host, a URL, a folder or an address.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badEntry(entry, `uses ${url.protocol}; only http and https URLs are read.`);
	if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
		throw badEntry(entry, 'has a path, a query or a user; give the host only (https://host:port).');
	}
	const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	const literal = isIP(host) ? ipBytes(host) : null;
	if (wildcard && literal) throw badEntry(entry, 'puts a wildcard before an address; give a range such as 10.0.0.0/8 instead.');
	return { scheme: hasScheme ? (url.protocol as 'http:' | 'https:') : null, host, wildcard, port: url.port ? Number(url.port) : null, literal };
}

const HUB_RULES: HostRule[] = HUGGING_FACE_HOSTS.map((row) => ({
	scheme: 'https:',
	host: row.host.replace(/^\*\./, ''),
	wildcard: row.host.startsWith('*.'),
	port: null,
	literal: null,
}));

/** Parses Allowed Sources; a malformed entry is an input error naming it. */
export function parseSourcePolicy(value: string | readonly string[], origin: PolicyOrigin, options: SourcePolicyOptions = {}): SourcePolicy {
	const entries = (typeof value === 'string' ? value.split(/[,\n\r]+/) : [...value]).map((entry) => entry.trim()).filter(Boolean);
	const folders: string[] = [];
	const hosts: HostRule[] = [];
	const ranges: Cidr[] = [];
	let anyHost = false;
	for (const entry of entries) {
		const lower = entry.toLowerCase();
		if (lower === 'none') continue;
		if (lower === 'huggingface') hosts.push(...HUB_RULES);
		else if (entry === '*') anyHost = true;
		else if (entry.startsWith('/')) folders.push(parseFolder(entry));
		else if (entry.startsWith('~') || entry.startsWith('.')) throw badEntry(entry, 'is not an absolute folder; write it from / (no ~ or relative paths).');
		else {
			const range = parseCidr(entry);
			if (range) ranges.push(range);
			else hosts.push(parseHost(entry));
		}
	}
	const key = JSON.stringify([folders, hosts.map((h) => [h.scheme, h.wildcard, h.host, h.port]), anyHost, ranges.map((r) => [Array.from(r.bytes), r.prefix])]);
	return { folders, hosts, anyHost, ranges, origin, entries, key, lookup: options.lookup ?? (dnsLookup as LookupFunction) };
}

/**
 * The policy in force: the node's option (or the library caller's value) when it has an entry,
 * else OVERLAY_ALLOWED_SOURCES from the environment, else the Hugging Face Hub only.
 */
export function resolveSourcePolicy(
	value?: string | SourcePolicy | null,
	env: NodeJS.ProcessEnv = process.env,
	options: SourcePolicyOptions = {},
): SourcePolicy {
	if (value && typeof value === 'object') return value;
	if (typeof value === 'string' && value.trim()) return parseSourcePolicy(value, 'option', options);
	const fromEnv = env[ALLOWED_SOURCES_ENV];
	if (fromEnv && fromEnv.trim()) return parseSourcePolicy(fromEnv, 'environment', options);
	return parseSourcePolicy(DEFAULT_ALLOWED_SOURCES, 'default', options);
}

/** Where to add an entry, worded for the policy in force. */
export function allowHint(policy: SourcePolicy, entry: string): string {
	switch (policy.origin) {
		case 'option':
			return `Add ${entry} to the ${ALLOWED_SOURCES_OPTION} option of Pick Quant Format (it replaces ${ALLOWED_SOURCES_ENV}), only if that source is meant to be read.`;
		case 'environment':
			return `Add ${entry} to ${ALLOWED_SOURCES_ENV} in n8n's environment (npm start passes it to n8n), or set the ${ALLOWED_SOURCES_OPTION} option of Pick Quant Format, only if that source is meant to be read.`;
		default:
			return `Only the Hugging Face Hub is allowed by default. Add ${entry} to the ${ALLOWED_SOURCES_OPTION} option of Pick Quant Format or to ${ALLOWED_SOURCES_ENV} in n8n's environment, only if that source is meant to be read.`;
	}
}

export function describePolicy(policy: SourcePolicy): string {
	const shown = policy.entries.length ? policy.entries.join(', ') : 'nothing';
	const where =
		policy.origin === 'option' ? `${ALLOWED_SOURCES_OPTION} allows` : policy.origin === 'environment' ? `${ALLOWED_SOURCES_ENV} allows` : `the default (${ALLOWED_SOURCES_OPTION} and ${ALLOWED_SOURCES_ENV} unset) allows`;
	return `${where} ${shown}`;
}
