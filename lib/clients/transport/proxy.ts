/**
 * Which proxy a request takes, decided as n8n 2.41 decides it: n8n's @n8n/backend-network routes
 * every outbound request through `getProxyForUrl` of proxy-from-env 1.1.0
 * (https://github.com/Rob--W/proxy-from-env/blob/v1.1.0/README.md), and so does this pack:
 * - `HTTPS_PROXY` for https targets, `HTTP_PROXY` for http targets, `ALL_PROXY` for both; lower-case
 *   names win over upper-case ones (npm's `npm_config_*_proxy` are read too);
 * - `NO_PROXY` (or `no_proxy`): comma- or space-separated; `*` turns the proxy off; `host` matches that
 *   host exactly; `.example.com` and `*.example.com` match it and its subdomains; `host:port` only that
 *   port. No CIDR ranges.
 * Loopback is not special: like n8n and curl, a request to localhost goes through the proxy unless
 * NO_PROXY lists it (`NO_PROXY=localhost,127.0.0.1,::1`).
 */
import { getProxyForUrl } from 'proxy-from-env';
import { OverlayError } from '../../errors';

export interface ProxyRoute {
	url: URL;
	/** The proxy URL without its user and password, for messages. */
	display: string;
}

export function withoutCredentials(url: URL): string {
	if (!url.username && !url.password) return url.href;
	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return copy.href;
}

/** The proxy for this target, read from the environment now; null for a direct connection. */
export function proxyFor(target: URL): ProxyRoute | null {
	const proxy = getProxyForUrl({ protocol: target.protocol, host: target.host, port: target.port });
	if (!proxy) return null;
	let url: URL;
	try {
		url = new URL(proxy);
	} catch {
		throw new OverlayError('input', `The proxy set for ${target.protocol}// requests in the environment (HTTP_PROXY / HTTPS_PROXY / ALL_PROXY) is not a URL.`, {
			hint: 'Set it to a URL such as http://proxy.example.com:3128, or list the server\'s host in NO_PROXY.',
		});
	}
	return { url, display: withoutCredentials(url).replace(/\/$/, '') };
}
