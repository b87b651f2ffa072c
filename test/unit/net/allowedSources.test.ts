/** Allowed Sources: parsing, which setting is in force, and the URL checks (scheme, host, IP literals in every spelling). */
import { NON_PUBLIC_RANGES } from '../../../lib/net/addressRanges';
import { addressRefusal, checkUrl } from '../../../lib/net/checkUrl';
import { parseCidr, ipBytes, inCidr } from '../../../lib/net/ipAddress';
import { ALLOWED_SOURCES_ENV, parseSourcePolicy, resolveSourcePolicy, type SourcePolicy } from '../../../lib/net/sourcePolicy';
import { checkUserSource } from '../../../lib/net/userSource';
import { OverlayError } from '../../../lib/errors';

const hubOnly = parseSourcePolicy('huggingface', 'default');

function refusal(fn: () => unknown): OverlayError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(OverlayError);
		return error as OverlayError;
	}
	throw new Error('expected a refusal');
}

function allows(policy: SourcePolicy, url: string): boolean {
	try {
		checkUrl(new URL(url), policy, 'The GGUF file URL');
		return true;
	} catch (error) {
		expect((error as OverlayError).kind).toBe('input');
		return false;
	}
}

describe('which setting is in force', () => {
	it('the node option wins, then OVERLAY_ALLOWED_SOURCES, then the Hugging Face Hub only', () => {
		const env = { [ALLOWED_SOURCES_ENV]: '/models' };
		expect(resolveSourcePolicy('/data', env)).toMatchObject({ origin: 'option', folders: ['/data'] });
		expect(resolveSourcePolicy('  ', env)).toMatchObject({ origin: 'environment', folders: ['/models'] });
		expect(resolveSourcePolicy(undefined, {})).toMatchObject({ origin: 'default', folders: [], entries: ['huggingface'] });
	});

	it('each refusal names the setting that would allow it', () => {
		const fromOption = refusal(() => checkUrl(new URL('https://models.example.com/x.gguf'), parseSourcePolicy('huggingface', 'option'), 'The GGUF file URL'));
		expect(fromOption.message).toMatch(/Allowed Sources allows huggingface, not models\.example\.com/);
		expect(fromOption.hint).toMatch(/Allowed Sources option of Pick Quant Format/);
		const fromEnv = refusal(() => checkUrl(new URL('https://models.example.com/x.gguf'), parseSourcePolicy('huggingface', 'environment'), 'The GGUF file URL'));
		expect(fromEnv.message).toMatch(/OVERLAY_ALLOWED_SOURCES allows huggingface/);
		expect(fromEnv.hint).toMatch(/OVERLAY_ALLOWED_SOURCES in n8n's environment/);
		const byDefault = refusal(() => checkUrl(new URL('https://models.example.com/x.gguf'), hubOnly, 'The GGUF file URL'));
		expect(byDefault.hint).toMatch(/Only the Hugging Face Hub is allowed by default.*Allowed Sources.*OVERLAY_ALLOWED_SOURCES/);
	});

	it.each([['~/models'], ['./models'], ['/models/../etc'], ['/models/%2e%2e'], ['ftp://files.example.com'], ['https://host/path'], ['https://user:pw@host'], ['*.10.0.0.1']])(
		'a malformed entry %s is an input error naming it',
		(entry) => {
			const error = refusal(() => parseSourcePolicy(entry, 'option'));
			expect(error.message).toContain(`"${entry}"`);
		},
	);
});

describe('URLs', () => {
	it('the default allows the Hub and the hosts it redirects downloads to, https only', () => {
		for (const url of [
			'https://huggingface.co/Qwen/Qwen3-8B/resolve/main/config.json',
			'https://hf.co/x',
			'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc?X-Amz-Signature=1',
			'https://cdn-lfs-us-1.hf.co/repos/ab/cd',
			'https://cdn-lfs.huggingface.co/repos/ab/cd',
			'https://us.aws.cdn.hf.co/x',
		]) {
			expect(allows(hubOnly, url)).toBe(true);
		}
		expect(allows(hubOnly, 'http://huggingface.co/x')).toBe(false);
		expect(allows(hubOnly, 'https://huggingface.co.evil.example/x')).toBe(false);
		expect(allows(hubOnly, 'https://evilhuggingface.co/x')).toBe(false);
		expect(allows(hubOnly, 'https://example.com/x')).toBe(false);
	});

	it('host entries: exact, wildcard, port and scheme', () => {
		const policy = parseSourcePolicy('models.example.com, *.cdn.example.com, https://secure.example.com:8443, files.example.com:8080', 'option');
		expect(allows(policy, 'http://models.example.com/a')).toBe(true);
		expect(allows(policy, 'https://models.example.com:9999/a')).toBe(true);
		expect(allows(policy, 'https://sub.models.example.com/a')).toBe(false);
		expect(allows(policy, 'https://a.b.cdn.example.com/a')).toBe(true);
		expect(allows(policy, 'https://cdn.example.com/a')).toBe(false);
		expect(allows(policy, 'https://secure.example.com:8443/a')).toBe(true);
		expect(allows(policy, 'http://secure.example.com:8443/a')).toBe(false);
		expect(allows(policy, 'https://secure.example.com/a')).toBe(false);
		expect(allows(policy, 'http://files.example.com:8080/a')).toBe(true);
		expect(allows(policy, 'http://files.example.com/a')).toBe(false);
		expect(allows(policy, 'http://MODELS.Example.COM./a')).toBe(true);
	});

	it.each([
		['file:///etc/passwd'],
		['data:text/plain,hello'],
		['ftp://huggingface.co/x'],
		['gopher://127.0.0.1:6379/_INFO'],
	])('%s is refused: only http(s) URLs are read', async (url) => {
		await expect(checkUserSource(url, parseSourcePolicy('*', 'option'), 'The GGUF file')).rejects.toMatchObject({ kind: 'input', message: /only http\(s\) URLs and absolute paths/ });
	});

	// Every spelling of a loopback, private, link-local or metadata address, even under `*` (any host).
	it.each([
		['http://127.0.0.1/x', 'loopback'],
		['http://127.1/x', 'loopback'],
		['http://0x7f000001/x', 'loopback'],
		['http://2130706433/x', 'loopback'],
		['http://017700000001/x', 'loopback'],
		['http://0177.0.0.1/x', 'loopback'],
		['http://%31%32%37.0.0.1/x', 'loopback'],
		['http://127.0.0.1./x', 'loopback'],
		['http://[::1]/x', 'loopback'],
		['http://[0:0:0:0:0:0:0:1]/x', 'loopback'],
		['http://[::ffff:127.0.0.1]/x', 'loopback'],
		['http://[::ffff:7f00:1]/x', 'loopback'],
		['http://[::127.0.0.1]/x', 'IPv4-compatible'],
		['http://[64:ff9b::127.0.0.1]/x', 'loopback address, inside a NAT64'],
		['http://[2002:7f00:1::]/x', 'loopback address, inside a 6to4'],
		['http://0.0.0.0/x', 'this network'],
		['http://0/x', 'this network'],
		['http://10.1.2.3/x', 'private'],
		['http://172.31.255.255/x', 'private'],
		['http://192.168.0.10/x', 'private'],
		['http://100.100.100.200/x', 'CGNAT'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://[fd00:ec2::254]/x', 'unique-local'],
		['http://[fe80::1]/x', 'link-local'],
		['http://[::ffff:169.254.169.254]/x', 'link-local'],
		['http://168.63.129.16/x', 'Azure'],
		['http://224.0.0.1/x', 'multicast'],
		['http://255.255.255.255/x', 'reserved'],
	])('%s is refused (%s)', (url, reason) => {
		const error = refusal(() => checkUrl(new URL(url), parseSourcePolicy('*', 'option'), 'The GGUF file URL'));
		expect(error.kind).toBe('input');
		expect(error.message).toContain(reason);
		expect(error.hint).toMatch(/Allowed Sources/);
	});

	it('a public address is fine under *, and a listed private address or range is allowed explicitly', () => {
		expect(allows(parseSourcePolicy('*', 'option'), 'http://93.184.216.34/x')).toBe(true);
		expect(allows(parseSourcePolicy('*', 'option'), 'http://[2606:4700::1111]/x')).toBe(true);
		const policy = parseSourcePolicy('10.0.0.0/8, http://127.0.0.1:8080, ::1', 'option');
		expect(allows(policy, 'http://10.9.8.7:9400/metrics')).toBe(true);
		expect(allows(policy, 'http://127.0.0.1:8080/x')).toBe(true);
		expect(allows(policy, 'http://127.0.0.1:8081/x')).toBe(false);
		expect(allows(policy, 'http://127.0.0.2:8080/x')).toBe(false);
		expect(allows(policy, 'http://[::1]:1234/x')).toBe(true);
		expect(allows(policy, 'http://localhost:8080/x')).toBe(false);
	});

	it('connect-time checks: what a host name resolves to', () => {
		const none = parseSourcePolicy('*', 'option');
		expect(addressRefusal('127.0.0.1', none)).toMatch(/loopback/);
		expect(addressRefusal('::ffff:10.0.0.1', none)).toMatch(/private/);
		expect(addressRefusal('13.224.0.1', none)).toBeNull();
		expect(addressRefusal('10.0.0.1', parseSourcePolicy('10.0.0.0/24', 'option'))).toBeNull();
		expect(addressRefusal('10.0.1.1', parseSourcePolicy('10.0.0.0/24', 'option'))).toMatch(/private/);
	});
});

describe('address table', () => {
	it('every row parses, and IPv4 ranges also hold their IPv4-mapped IPv6 spelling', () => {
		for (const row of NON_PUBLIC_RANGES) expect(parseCidr(row.cidr)).not.toBeNull();
		const loopback = parseCidr('127.0.0.0/8')!;
		expect(inCidr(ipBytes('::ffff:127.1.2.3')!, loopback)).toBe(true);
		expect(inCidr(ipBytes('128.0.0.1')!, loopback)).toBe(false);
		expect(ipBytes('not-an-ip')).toBeNull();
		expect(ipBytes('1::2::3')).toBeNull();
	});
});
