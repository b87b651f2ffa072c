/**
 * Reads the error body of an OpenAI-compatible server. vLLM >= 0.10.1 nests it
 * (`{"error":{"message","type","param","code"}}`), vLLM <= 0.10.0 is flat
 * (`{"object":"error","message",...}`), vLLM's 401 and LM Studio crashes send `{"error":"text"}`,
 * FastAPI routes send `{"detail":"Not Found"}` or a validation list.
 */
export interface ServerError {
	message: string;
	type: string | null;
	code: string | number | null;
	param: string | null;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function asText(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? value : null;
}

function asCode(value: unknown): string | number | null {
	return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function fromDetail(detail: unknown): string | null {
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) {
		const parts = detail
			.map((entry) => {
				const item = asObject(entry);
				if (!item) return null;
				const where = Array.isArray(item.loc) ? item.loc.join('.') : null;
				return [where, asText(item.msg)].filter(Boolean).join(': ');
			})
			.filter((part): part is string => !!part);
		return parts.length > 0 ? parts.join('; ') : null;
	}
	return null;
}

export function parseServerError(status: number, body: unknown): ServerError {
	let parsed: unknown = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			const text = body.trim();
			return { message: text.length > 0 ? text.slice(0, 2000) : `HTTP ${status}`, type: null, code: null, param: null };
		}
	}
	const root = asObject(parsed);
	if (!root) return { message: `HTTP ${status}`, type: null, code: null, param: null };

	const nested = asObject(root.error);
	if (nested) {
		return {
			message: asText(nested.message) ?? `HTTP ${status}`,
			type: asText(nested.type),
			code: asCode(nested.code),
			param: asText(nested.param),
		};
	}
	const errorText = asText(root.error);
	if (errorText) return { message: errorText, type: null, code: null, param: null };
	const flatMessage = asText(root.message);
	if (flatMessage) {
		return { message: flatMessage, type: asText(root.type), code: asCode(root.code), param: asText(root.param) };
	}
	const detail = fromDetail(root.detail);
	if (detail) return { message: detail, type: null, code: null, param: null };
	return { message: `HTTP ${status}`, type: null, code: null, param: null };
}
