/** Words for Node's network error codes, shared by every request the pack makes. */

// Words, not codes: n8n replaces a message that contains e.g. ECONNREFUSED with its own generic text.
const NETWORK_CODE_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset by the server',
	EPIPE: 'connection closed while sending',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'connection timed out',
	ECONNABORTED: 'connection aborted',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'connection timed out',
	CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s TLS certificate is self-signed',
	SELF_SIGNED_CERT_IN_CHAIN: 'the server\'s TLS certificate chain is self-signed',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s TLS certificate cannot be verified',
	ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s TLS certificate is for another host name',
};

export function describeNetworkFailure(code: string | undefined, message: string): string {
	if (code === undefined) return message || 'network error';
	return NETWORK_CODE_WORDS[code] ?? code.toLowerCase().replace(/_/g, ' ');
}

export function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}
