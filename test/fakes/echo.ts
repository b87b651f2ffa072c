/**
 * Echo mode of the fakes: the received credential goes back in every kind of answer, as proxies and
 * debug servers do (the leak the fault-injection probe of issue 11 found). The echo carries the
 * Authorization header as received and the key in the forms a server might print: bare,
 * URL-encoded, and cut short (a server that truncates long values).
 */

/** Fields whose strings get the echo appended: messages, answers, reasoning, error texts. */
const ECHO_FIELDS = new Set(['message', 'content', 'reasoning', 'reasoning_content', 'error', 'detail', 'text', 'display_name']);

export function echoOf(authorization: string | undefined): string {
	if (!authorization) return '(no Authorization header)';
	const key = authorization.replace(/^bearer\s+/i, '');
	return `Authorization: ${authorization}; key ${key}; url ${encodeURIComponent(key)}; cut ${key.slice(0, Math.max(8, key.length - 5))}`;
}

/** A copy of a JSON answer with the echo in its text fields and in an `echo` field. */
export function withEcho(body: unknown, echo: string): unknown {
	const walk = (value: unknown, key: string | null): unknown => {
		if (typeof value === 'string') return key !== null && ECHO_FIELDS.has(key) ? `${value} [${echo}]` : value;
		if (Array.isArray(value)) return value.map((entry) => walk(entry, null));
		if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, walk(entry, name)]));
		return value;
	};
	const echoed = walk(body, null);
	return echoed !== null && typeof echoed === 'object' && !Array.isArray(echoed) ? { ...echoed, echo } : echoed;
}

/** Fills `{authorization}` in a hand-written (injected) body. */
export function fillEcho(text: string, echo: string): string {
	return text.split('{authorization}').join(echo);
}
