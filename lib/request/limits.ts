/**
 * Size and nesting limits for an untrusted JSON body, checked without recursion, so a body nested
 * 100,000 levels deep is refused after looking at the first levels instead of overflowing a stack
 * (as a recursive copy or JSON.stringify does; n8n's task runner hangs on such a body).
 */

export interface BodyLimits {
	/** Largest body in bytes (UTF-8 of its compact JSON text). */
	maxBytes: number;
	/** Deepest nesting of objects and arrays; the body itself is level 1. */
	maxDepth: number;
}

export type LimitBreach = { kind: 'size'; limit: number } | { kind: 'depth'; limit: number };

/** 1 MiB and 32 levels: far beyond any request the example workflows take, far below what hurts n8n. */
export const DEFAULT_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32 };

function scalarBytes(value: unknown): number {
	if (typeof value === 'string') return Buffer.byteLength(value, 'utf8') + 2;
	if (value === null || value === undefined) return 4;
	return String(value).length;
}

/**
 * Checks a parsed value (e.g. the body n8n's webhook parsed) depth first, with its own stack. The
 * size is about that of its compact JSON text (escapes not counted).
 */
export function checkParsedBody(body: unknown, limits: BodyLimits): LimitBreach | null {
	const tooLarge: LimitBreach = { kind: 'size', limit: limits.maxBytes };
	const stack: unknown[] = [body];
	const depths: number[] = [1];
	let bytes = 0;
	while (stack.length > 0) {
		const value = stack.pop();
		const depth = depths.pop() as number;
		if (typeof value !== 'object' || value === null) {
			bytes += scalarBytes(value);
			if (bytes > limits.maxBytes) return tooLarge;
			continue;
		}
		if (depth > limits.maxDepth) return { kind: 'depth', limit: limits.maxDepth };
		const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
		const separators = 2 + Math.max(0, children.length - 1);
		// Each child adds at least one byte more: checked before anything is stacked.
		if (bytes + separators + children.length > limits.maxBytes) return tooLarge;
		bytes += separators;
		if (!Array.isArray(value)) {
			for (const key of Object.keys(value)) bytes += Buffer.byteLength(key, 'utf8') + 3;
			if (bytes > limits.maxBytes) return tooLarge;
		}
		for (const child of children) {
			stack.push(child);
			depths.push(depth + 1);
		}
	}
	return null;
}

/** The nesting depth of JSON text, read bracket by bracket outside strings; stops past the limit. */
export function checkBodyText(text: string, byteLength: number, limits: BodyLimits): LimitBreach | null {
	if (byteLength > limits.maxBytes) return { kind: 'size', limit: limits.maxBytes };
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			if (char === '\\') i++;
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
		} else if (char === '{' || char === '[') {
			if (++depth > limits.maxDepth) return { kind: 'depth', limit: limits.maxDepth };
		} else if (char === '}' || char === ']') {
			depth--;
		}
	}
	return null;
}

export function describeBytes(bytes: number): string {
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
	if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
	return `${bytes} bytes`;
}
