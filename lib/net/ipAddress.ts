/**
 * IP addresses as 16 bytes (IPv4 as its IPv4-mapped IPv6 form, ::ffff:a.b.c.d), so that one prefix
 * match covers both families and an IPv4 address written as IPv6 cannot slip past an IPv4 range.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type IpBytes = Uint8Array;

export interface Cidr {
	bytes: IpBytes;
	/** Prefix length over the 128-bit form (an IPv4 /8 is /104 here). */
	prefix: number;
	/** As written, for messages. */
	text: string;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function v4Bytes(address: string): number[] {
	return address.split('.').map(Number);
}

function v6Bytes(address: string): number[] | null {
	let text = address.replace(/%.*$/, '');
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	let tail: number[] = [];
	if (dotted) {
		if (!isIPv4(dotted[1])) return null;
		tail = v4Bytes(dotted[1]);
		text = text.slice(0, -dotted[1].length) + '0:0';
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const head = groups(halves[0]);
	const rest = halves.length === 2 ? groups(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
	const hextets = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => '0'), ...rest];
	const bytes: number[] = [];
	for (const hextet of hextets) {
		if (!/^[0-9a-f]{1,4}$/i.test(hextet)) return null;
		const value = parseInt(hextet, 16);
		bytes.push(value >> 8, value & 0xff);
	}
	if (dotted) bytes.splice(12, 4, ...tail);
	return bytes;
}

/** The 16-byte form of an IPv4 or IPv6 address (brackets and a zone id are ignored), or null when it is neither. */
export function ipBytes(address: string): IpBytes | null {
	const text = address.replace(/^\[|\]$/g, '');
	if (isIPv4(text)) return Uint8Array.from([...V4_MAPPED_PREFIX, ...v4Bytes(text)]);
	if (!isIPv6(text.replace(/%.*$/, ''))) return null;
	const bytes = v6Bytes(text);
	return bytes ? Uint8Array.from(bytes) : null;
}

export function isV4Mapped(bytes: IpBytes): boolean {
	return V4_MAPPED_PREFIX.every((value, i) => bytes[i] === value);
}

/** The IPv4 address held in bytes [offset, offset + 4) as its mapped form. */
export function embeddedV4(bytes: IpBytes, offset: number): IpBytes {
	return Uint8Array.from([...V4_MAPPED_PREFIX, ...bytes.slice(offset, offset + 4)]);
}

export function formatIp(bytes: IpBytes): string {
	if (isV4Mapped(bytes)) return Array.from(bytes.slice(12)).join('.');
	const hextets: string[] = [];
	for (let i = 0; i < 16; i += 2) hextets.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
	return hextets.join(':');
}

/** "10.0.0.0/8", "fd00::/8", or a single address ("127.0.0.1", "::1"); null when it is not one. */
export function parseCidr(text: string): Cidr | null {
	const [address, length, extra] = text.trim().split('/');
	if (extra !== undefined) return null;
	const bytes = ipBytes(address);
	if (!bytes) return null;
	const v4 = isIPv4(address.replace(/^\[|\]$/g, ''));
	const max = v4 ? 32 : 128;
	const bits = length === undefined ? max : /^\d{1,3}$/.test(length) ? Number(length) : NaN;
	if (!(bits >= 0 && bits <= max)) return null;
	return { bytes, prefix: v4 ? 96 + bits : bits, text: text.trim() };
}

export function inCidr(bytes: IpBytes, cidr: Cidr): boolean {
	const full = Math.floor(cidr.prefix / 8);
	for (let i = 0; i < full; i++) if (bytes[i] !== cidr.bytes[i]) return false;
	const rest = cidr.prefix % 8;
	if (rest === 0) return true;
	const mask = (0xff << (8 - rest)) & 0xff;
	return (bytes[full] & mask) === (cidr.bytes[full] & mask);
}
