/** A file named by user input: an http(s) URL or an absolute local path, checked against the policy before anything is read. */
import { OverlayError } from '../errors';
import { withoutCredentials } from '../clients/transport/proxy';
import { checkUrl, refused } from './checkUrl';
import { checkLocalPath, shownPath, type CheckedPath } from './localPath';
import type { SourcePolicy } from './sourcePolicy';

export type CheckedSource = { kind: 'url'; url: URL; shown: string } | { kind: 'path'; file: CheckedPath; shown: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function looksLikeUrl(text: string): boolean {
	return SCHEME.test(text);
}

/** `what`: "The GGUF file", "The model config". */
export async function checkUserSource(raw: string, policy: SourcePolicy, what: string): Promise<CheckedSource> {
	const text = raw.trim();
	if (looksLikeUrl(text)) {
		if (!/^https?:\/\//i.test(text)) {
			throw refused(what, shownPath(text.replace(/\/\/[^@/]*@/, '//')), 'only http(s) URLs and absolute paths are read (file:, data: and other schemes are not)', 'Give an https URL, or the absolute path of the file under a folder listed in Allowed Sources.');
		}
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			throw new OverlayError('input', `${what} URL ${shownPath(text.replace(/\/\/[^@/]*@/, '//'))} is not a valid URL.`, { hint: 'Check the URL.' });
		}
		checkUrl(url, policy, `${what} URL`);
		return { kind: 'url', url, shown: withoutCredentials(url) };
	}
	const file = await checkLocalPath(text, policy, `${what} path`);
	return { kind: 'path', file, shown: file.path };
}
