/**
 * Addresses a user-given URL never reaches unless Allowed Sources lists them: everything that is not
 * the public internet (loopback, private, link-local, unique-local, CGNAT, documentation, multicast,
 * reserved) and the cloud metadata endpoints. Ranges that carry an IPv4 address inside an IPv6 one
 * (IPv4-mapped, NAT64, 6to4) are judged by the IPv4 address they carry.
 */
import { embeddedV4, inCidr, parseCidr, type Cidr, type IpBytes } from './ipAddress';

export interface AddressRange {
	cidr: string;
	/** What the range is, for the refusal message: "a loopback address". */
	label: string;
	source: string;
}

const IANA_V4 = 'https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry.xhtml';
const IANA_V6 = 'https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry.xhtml';
const N8N_SSRF =
	'https://github.com/n8n-io/n8n/blob/n8n%402.41.1/packages/%40n8n/config/src/configs/ssrf-protection.config.ts (SSRF_DEFAULT_BLOCKED_IP_RANGES)';

export const NON_PUBLIC_RANGES: readonly AddressRange[] = [
	{ cidr: '0.0.0.0/8', label: 'a "this network" address (0.0.0.0 reaches the local host)', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '10.0.0.0/8', label: 'a private address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '100.64.0.0/10', label: 'a shared (CGNAT) address', source: IANA_V4 },
	{ cidr: '127.0.0.0/8', label: 'a loopback address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '169.254.0.0/16', label: 'a link-local address (cloud metadata services answer at 169.254.169.254)', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '172.16.0.0/12', label: 'a private address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '192.0.0.0/24', label: 'an IETF protocol address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '192.0.2.0/24', label: 'a documentation address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '192.88.99.0/24', label: 'a deprecated 6to4 relay address', source: IANA_V4 },
	{ cidr: '192.168.0.0/16', label: 'a private address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '198.18.0.0/15', label: 'a benchmarking address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '198.51.100.0/24', label: 'a documentation address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '203.0.113.0/24', label: 'a documentation address', source: `${IANA_V4}; ${N8N_SSRF}` },
	{ cidr: '224.0.0.0/4', label: 'a multicast address', source: IANA_V4 },
	{ cidr: '240.0.0.0/4', label: 'a reserved address', source: IANA_V4 },
	{
		cidr: '168.63.129.16/32',
		label: "Azure's platform address (WireServer, metadata)",
		source: 'https://learn.microsoft.com/en-us/azure/virtual-network/what-is-ip-address-168-63-129-16',
	},
	{ cidr: '::/96', label: 'an unspecified, loopback or IPv4-compatible IPv6 address', source: IANA_V6 },
	{ cidr: '64:ff9b:1::/48', label: 'a local-use NAT64 address', source: IANA_V6 },
	{ cidr: '100::/64', label: 'a discard-only address', source: IANA_V6 },
	{ cidr: '2001::/23', label: 'an IETF protocol address (Teredo, ORCHID...)', source: IANA_V6 },
	{ cidr: '2001:db8::/32', label: 'a documentation address', source: IANA_V6 },
	{ cidr: '3fff::/20', label: 'a documentation address', source: 'https://www.rfc-editor.org/rfc/rfc9637' },
	{ cidr: '5f00::/16', label: 'a segment-routing (SRv6) address', source: IANA_V6 },
	{ cidr: 'fc00::/7', label: 'a unique-local address (AWS metadata answers at fd00:ec2::254)', source: `${IANA_V6}; ${N8N_SSRF}` },
	{ cidr: 'fe80::/10', label: 'a link-local address', source: `${IANA_V6}; ${N8N_SSRF}` },
	{ cidr: 'fec0::/10', label: 'a site-local address', source: 'https://www.rfc-editor.org/rfc/rfc3879' },
	{ cidr: 'ff00::/8', label: 'a multicast address', source: IANA_V6 },
];

/** IPv6 ranges that carry an IPv4 address, and where it starts (byte offset). */
const EMBEDDING_V4: ReadonlyArray<{ cidr: string; offset: number; label: string; source: string }> = [
	{ cidr: '64:ff9b::/96', offset: 12, label: 'NAT64', source: 'https://www.rfc-editor.org/rfc/rfc6052' },
	{ cidr: '2002::/16', offset: 2, label: '6to4', source: 'https://www.rfc-editor.org/rfc/rfc3056' },
];

const parsed = (cidr: string): Cidr => {
	const value = parseCidr(cidr);
	if (!value) throw new Error(`Bad range in the table: ${cidr}`);
	return value;
};
const RANGES = NON_PUBLIC_RANGES.map((range) => ({ ...range, parsed: parsed(range.cidr) }));
const EMBEDDING = EMBEDDING_V4.map((range) => ({ ...range, parsed: parsed(range.cidr) }));

/** Why an address is not on the public internet ("a loopback address"), or null when it is public. */
export function nonPublicReason(bytes: IpBytes): string | null {
	// IPv4 is held as IPv4-mapped IPv6 (::ffff:a.b.c.d), so ::ffff:127.0.0.1 meets the IPv4 rows like 127.0.0.1.
	const own = RANGES.find((range) => inCidr(bytes, range.parsed));
	if (own) return own.label;
	for (const range of EMBEDDING) {
		if (!inCidr(bytes, range.parsed)) continue;
		const inner = nonPublicReason(embeddedV4(bytes, range.offset));
		if (inner) return `${inner}, inside a ${range.label} address`;
	}
	return null;
}
