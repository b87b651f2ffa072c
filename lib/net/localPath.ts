/**
 * Whether a local path may be read under a SourcePolicy. The text is refused outright when it has
 * anything that could be read two ways (`..` segments, a %-encoded character, `~`, a backslash, a
 * control character, a relative path); then the normalised path must be under an allowed folder,
 * and so must its real path (symlinks resolved with realpath, the folders' too), and it must be a
 * regular file. The real path is what gets read, so a symlink inside an allowed folder that points
 * out of it is refused rather than followed.
 */
import { realpath, stat } from 'node:fs/promises';
import * as posix from 'node:path/posix';
import { OverlayError } from '../errors';
import { refused } from './checkUrl';
import { ALLOWED_SOURCES_ENV, ALLOWED_SOURCES_OPTION, allowHint, describePolicy, type SourcePolicy } from './sourcePolicy';

export interface CheckedPath {
	/** The normalised path as given (what messages and commands show). */
	path: string;
	/** The path with every symlink resolved: the one to open. */
	realPath: string;
	size: number;
}

function under(path: string, folder: string): boolean {
	return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

/** Shown in messages: control characters as "?", at most 200 characters. */
export function shownPath(raw: string): string {
	const text = raw.replace(/[\0-\x1f\x7f]/g, '?');
	return `"${text.length > 200 ? `${text.slice(0, 200)}...` : text}"`;
}

function lexicalRefusal(raw: string): string | null {
	if (/[\0-\x1f\x7f]/.test(raw)) return 'it has a control character (NUL, line break...)';
	if (raw.includes('\\')) return 'it has a backslash; write a POSIX path with /';
	if (/%[0-9a-f]{2}/i.test(raw)) return 'it has a %-encoded character; paths are not decoded, write the plain path';
	if (raw.startsWith('~')) return '~ is not expanded; write the absolute path';
	if (!raw.startsWith('/')) return 'it is not an absolute path';
	if (raw.split('/').includes('..')) return '".." segments are not allowed';
	return null;
}

async function realFolders(folders: readonly string[]): Promise<string[]> {
	const resolved = await Promise.all(folders.map((folder) => realpath(folder).catch(() => null)));
	return resolved.filter((folder): folder is string => folder !== null);
}

export async function checkLocalPath(raw: string, policy: SourcePolicy, what: string): Promise<CheckedPath> {
	const shown = shownPath(raw);
	const lexical = lexicalRefusal(raw);
	if (lexical) {
		throw refused(what, shown, lexical, `Give the plain absolute path of the file on the n8n machine, under a folder listed in ${ALLOWED_SOURCES_OPTION} (the node's option, else ${ALLOWED_SOURCES_ENV} in n8n's environment).`);
	}
	const path = posix.normalize(raw);
	const folderHint = allowHint(policy, `its folder (e.g. ${posix.dirname(path)})`);
	if (!policy.folders.some((folder) => under(path, folder))) {
		throw refused(what, shown, `it is not under an allowed folder (${describePolicy(policy)})`, folderHint);
	}
	let realPath: string;
	try {
		realPath = await realpath(path);
	} catch {
		throw new OverlayError('input', `${what} ${shown} does not exist or cannot be read.`, { hint: 'Check the path on the n8n machine.' });
	}
	if (!(await realFolders(policy.folders)).some((folder) => under(realPath, folder))) {
		throw refused(what, shown, `it resolves (through a symlink) to ${shownPath(realPath)}, which is not under an allowed folder`, folderHint);
	}
	const info = await stat(realPath);
	if (!info.isFile()) throw refused(what, shown, 'it is not a regular file', 'Give the path of the file itself.');
	return { path, realPath, size: info.size };
}
