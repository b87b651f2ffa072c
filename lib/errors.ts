/**
 * Errors the library throws. Each carries a plain-sentence `hint` a user can act on; the n8n layer
 * turns `kind` into NodeOperationError (bad input) or NodeApiError (the server said no / is away).
 */
export type OverlayErrorKind =
	| 'input' // a parameter or body value is wrong: the user fixes the input
	| 'unreachable' // connection refused, DNS, reset, timeout
	| 'http' // the server answered with an error status
	| 'protocol' // the server answered 2xx with a body we cannot read
	| 'unsupported' // the server or engine has no such feature (e.g. no runtime LoRA route)
	| 'cancelled'; // the execution was stopped

export interface OverlayErrorOptions {
	hint?: string;
	httpStatus?: number;
	/** The server's own error text, already free of secrets. */
	serverMessage?: string;
	url?: string;
	cause?: unknown;
}

export class OverlayError extends Error {
	readonly kind: OverlayErrorKind;
	readonly hint: string | undefined;
	readonly httpStatus: number | undefined;
	readonly serverMessage: string | undefined;
	readonly url: string | undefined;

	constructor(kind: OverlayErrorKind, message: string, options: OverlayErrorOptions = {}) {
		super(message);
		this.name = 'OverlayError';
		this.kind = kind;
		this.hint = options.hint;
		this.httpStatus = options.httpStatus;
		this.serverMessage = options.serverMessage;
		this.url = options.url;
		if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
	}
}

export function inputError(message: string, hint?: string): OverlayError {
	return new OverlayError('input', message, { hint });
}

export function isOverlayError(error: unknown): error is OverlayError {
	return error instanceof OverlayError;
}
