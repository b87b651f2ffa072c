/** What the redactor treats as the secret, and what it leaves alone. */
import { OverlayError } from '../../../lib/errors';
import { REDACTED, Redactor } from '../../../lib/clients/redact';

const KEY = 'sk-lm-Zq8vY2pT:4nWbR7xK/eJ1m+Hs';
const redactor = new Redactor([KEY]);

describe('Redactor', () => {
	it.each([
		['raw', `the key is ${KEY}.`],
		['as a Bearer header', `Authorization: Bearer ${KEY}`],
		['URL-encoded', `GET /x?token=${encodeURIComponent(KEY)}`],
		['JSON-escaped with \\/', `{"auth":"${KEY.replace('/', '\\/')}"}`],
		['cut at the end (a server that truncates)', `token ${KEY.slice(0, 12)}`],
		['its tail after a cut', `...${KEY.slice(-10)} was refused`],
		['its middle', `masked sk-…${KEY.slice(6, 20)}…`],
	])('masks the key %s', (_form, text) => {
		const cleaned = redactor.text(text);
		expect(cleaned).toContain(REDACTED);
		for (let start = 0; start + 8 <= KEY.length; start++) expect(cleaned).not.toContain(KEY.slice(start, start + 8));
		expect(cleaned).not.toContain(encodeURIComponent(KEY).slice(0, 12));
	});

	it('leaves short tails (servers that mask all but the last 4 characters) and unrelated text alone', () => {
		const text = `Incorrect API key provided: sk-lm-****${KEY.slice(-4)}. Bearer tokens are described in the docs.`;
		expect(redactor.text(text)).toBe(text);
	});

	it('returns the same string when there is nothing to mask, and does nothing without secrets', () => {
		const text = 'plain answer';
		expect(redactor.text(text)).toBe(text);
		expect(new Redactor([undefined, '', 'abc']).active).toBe(false);
		expect(new Redactor([undefined, '', 'abc']).text('abc abc')).toBe('abc abc');
	});

	it('masks a short secret only where it appears whole', () => {
		const short = new Redactor(['k3y9x']);
		expect(short.text('k3y9x and k3y9')).toBe(`${REDACTED} and k3y9`);
	});

	it('redacts every string of a parsed body, keys included', () => {
		const value = redactor.value({ choices: [{ message: { content: `echo ${KEY}` } }], [KEY]: 1, n: 2 });
		expect(JSON.stringify(value)).not.toContain(KEY.slice(0, 8));
		expect(value).toMatchObject({ choices: [{ message: { content: `echo ${REDACTED}` } }], n: 2 });
	});

	it('diagnostic text also masks any other bearer token', () => {
		expect(redactor.diagnostic('proxy said: Bearer other-token-123')).toBe(`proxy said: Bearer ${REDACTED}`);
	});

	it('rebuilds an error with its message, hint and server message redacted', () => {
		const error = new OverlayError('http', `bad ${KEY}`, { hint: `fix ${KEY}`, serverMessage: KEY, httpStatus: 401, url: 'http://x' });
		const cleaned = redactor.error(error) as OverlayError;
		expect(JSON.stringify({ m: cleaned.message, h: cleaned.hint, s: cleaned.serverMessage, stack: cleaned.stack })).not.toContain(KEY.slice(0, 8));
		expect(cleaned).toMatchObject({ kind: 'http', httpStatus: 401, url: 'http://x' });
	});
});
