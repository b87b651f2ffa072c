/**
 * Which of LM Studio's REST APIs a server has, found by asking and cached per base URL:
 * /api/v1 arrived in 0.4.0 (https://lmstudio.ai/docs/developer/rest), /api/v0 in 0.3.6
 * (https://lmstudio.ai/docs/developer/rest/endpoints), /v1 (OpenAI-compatible) is always there.
 * LM Studio answers unknown routes with HTTP 200 and an error body ("Returning 200 anyway",
 * https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/1879), so the answer's shape decides, not its status.
 */
import type { ZodType } from 'zod';
import { isOverlayError } from '../../errors';
import type { HttpClient, HttpRequest } from '../http';
import { v0ModelListSchema, v1ModelListSchema } from './schemas';
import type { LmStudioApis } from './types';

/** Long enough to probe once per execution burst, short enough to notice an upgrade. */
export const API_CACHE_TTL_MS = 5 * 60_000;

const cache = new Map<string, { apis: Promise<LmStudioApis>; expires: number }>();

export function forgetLmStudioApis(baseUrl?: string): void {
	if (baseUrl === undefined) cache.clear();
	else cache.delete(baseUrl);
}

/** Lets the caller turn a 401 into its own message. */
export type DescribeError = HttpRequest<unknown>['describeError'];

export function detectLmStudioApis(http: HttpClient, signal?: AbortSignal, describeError?: DescribeError, now = Date.now()): Promise<LmStudioApis> {
	const cached = cache.get(http.baseUrl);
	if (cached && cached.expires > now) return cached.apis;
	const apis = probe(http, signal, describeError);
	cache.set(http.baseUrl, { apis, expires: now + API_CACHE_TTL_MS });
	// A failed probe (server down, bad token) must not be remembered.
	apis.catch(() => {
		if (cache.get(http.baseUrl)?.apis === apis) cache.delete(http.baseUrl);
	});
	return apis;
}

async function probe(http: HttpClient, signal?: AbortSignal, describeError?: DescribeError): Promise<LmStudioApis> {
	const [restV1, restV0] = await Promise.all([
		answersWith(http, '/api/v1/models', v1ModelListSchema, signal, describeError),
		answersWith(http, '/api/v0/models', v0ModelListSchema, signal, describeError),
	]);
	return { restV1, restV0 };
}

/** true when the route answers with the expected shape; false when it is missing; throws otherwise (down, 401...). */
async function answersWith(http: HttpClient, path: string, schema: ZodType, signal?: AbortSignal, describeError?: DescribeError): Promise<boolean> {
	try {
		const response = await http.request({ method: 'GET', path, signal, describeError });
		return schema.safeParse(response.data).success;
	} catch (error) {
		if (isOverlayError(error) && (error.kind === 'protocol' || isMissingRoute(error.httpStatus))) return false;
		throw error;
	}
}

export function isMissingRoute(status: number | undefined): boolean {
	return status === 404 || status === 405;
}

/** LM Studio's answer to a route it does not have: HTTP 200 `{"error":"Unexpected endpoint or method. (...)"}`. */
export function isUnexpectedEndpointBody(body: unknown): boolean {
	if (typeof body !== 'object' || body === null) return false;
	const error = (body as { error?: unknown }).error;
	return typeof error === 'string' && /unexpected endpoint/i.test(error);
}
