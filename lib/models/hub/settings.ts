/**
 * Where the Hub is and how to authenticate, as huggingface_hub reads it: HF_ENDPOINT (default
 * https://huggingface.co) and HF_TOKEN, unless the caller (the node's Hugging Face credential)
 * gives them. https://huggingface.co/docs/huggingface_hub/en/package_reference/environment_variables
 */
import { validateHeaderValue } from 'node:http';
import { inputError } from '../../errors';
import { checkRevision } from './hubId';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export interface HubOptions {
	/** Default: HF_ENDPOINT, else https://huggingface.co. */
	endpoint?: string;
	/** Default: HF_TOKEN. Sent to the endpoint only (never to the CDN it redirects to), never shown. */
	token?: string;
	/** Branch, tag or commit (default main). */
	revision?: string;
}

export interface HubSettings {
	/** Without a trailing slash (a mirror may have a path: https://mirror.example.com/hf). */
	endpoint: string;
	token: string | undefined;
	revision: string;
}

function checkEndpoint(raw: string): string {
	let url: URL | null = null;
	try {
		url = new URL(raw);
	} catch {
		url = null;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
		throw inputError(`The Hugging Face endpoint "${raw.replace(/\/\/[^@/]*@/, '//')}" is not an http(s) URL without user, query or fragment.`, `Set HF_ENDPOINT (or the credential's Endpoint) to ${DEFAULT_HUB_ENDPOINT} or your mirror's URL.`);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function checkToken(token: string): string {
	try {
		validateHeaderValue('authorization', `Bearer ${token}`);
	} catch {
		throw inputError('The Hugging Face token contains a character that cannot be sent in an HTTP header.', 'Paste the token (hf_...) again, without line breaks or spaces.');
	}
	return token;
}

export function hubSettings(options: HubOptions = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
	const token = (options.token ?? '').trim() || (env.HF_TOKEN ?? '').trim() || undefined;
	return {
		endpoint: checkEndpoint((options.endpoint ?? '').trim() || (env.HF_ENDPOINT ?? '').trim() || DEFAULT_HUB_ENDPOINT),
		token: token ? checkToken(token) : undefined,
		revision: checkRevision(options.revision),
	};
}
