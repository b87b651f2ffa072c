/**
 * Hugging Face Hub repository ids and revisions as the Hub accepts them (huggingface_hub's
 * validate_repo_id: `namespace/name`, letters, digits, `-`, `_`, `.`, at most 96 characters per
 * part, no `--` or `..`, not starting or ending with `-` or `.`):
 * https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/utils/_validators.py
 */
import { inputError } from '../../errors';

const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/;
/** File names a config field or a path would end with: `models/config.json` is a path, not a repo. */
const FILE_SUFFIX = /\.(json|gguf|safetensors|bin|txt)$/i;

/** The repo id when `text` is one (`Qwen/Qwen3-30B-A3B-FP8`), else null. */
export function parseHubId(text: string): string | null {
	const parts = text.split('/');
	if (parts.length !== 2 || FILE_SUFFIX.test(text)) return null;
	if (!parts.every((part) => PART.test(part) && !part.includes('--') && !part.includes('..'))) return null;
	return text;
}

/** A branch, tag or commit; `main` when not given. Sent URL-encoded, as huggingface_hub does (`refs%2Fpr%2F1`). */
export function checkRevision(value: string | undefined): string {
	const revision = (value ?? '').trim() || 'main';
	if (!/^[A-Za-z0-9._/-]{1,255}$/.test(revision) || revision.split('/').includes('..')) {
		throw inputError(`The Hub revision "${revision.slice(0, 80)}" is not a branch, tag or commit name.`, 'Use a branch (main), a tag or a commit hash.');
	}
	return revision;
}
