/**
 * The HTTP answer for a step that failed: the caller's input was refused (400), a server the step
 * calls could not answer (502), or something else went wrong (500). Always the same shape, so a
 * client reads every error of every workflow alike.
 */

export type FailureKind = 'input' | 'server' | 'unknown';

export interface Failure {
	kind: FailureKind;
	message: string;
	hint?: string | null;
	/** The node that failed. */
	step?: string | null;
	/** The server behind the step, e.g. "vLLM", when a server failed. */
	server?: string | null;
}

export interface FailureAnswer {
	status: 400 | 500 | 502;
	error: string;
	hint: string | null;
	server: string | null;
	step: string | null;
	summary: string;
}

const STATUS: Record<FailureKind, FailureAnswer['status']> = { input: 400, server: 502, unknown: 500 };

export function failureAnswer(failure: Failure): FailureAnswer {
	// n8n prefixes item errors with "Item N: "; the caller sent one request, not items.
	const error = (failure.message.trim() || 'Unknown error').replace(/^Item \d+: /, '');
	const step = failure.step ?? null;
	const server = failure.kind === 'server' ? (failure.server ?? null) : null;
	const who = step ?? 'A step';
	const summary =
		failure.kind === 'input'
			? `${who} refused the request: ${error}`
			: failure.kind === 'server'
				? `${server ?? who} could not answer: ${error}`
				: `${who} failed: ${error}`;
	return { status: STATUS[failure.kind], error, hint: failure.hint || null, server, step, summary };
}
