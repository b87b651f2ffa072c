/** proxy-from-env 1.1.0 ships no types; it takes a URL string or url.parse()'s fields. */
declare module 'proxy-from-env' {
	export function getProxyForUrl(url: string | { protocol?: string; host?: string; port?: string }): string;
}
