/** Abort helpers: one signal for "the caller cancelled OR our deadline passed", and an abortable sleep. */

export interface Deadline {
	signal: AbortSignal;
	timedOut: () => boolean;
	dispose: () => void;
}

/** timeoutMs 0 (or less) means no deadline. */
export function withDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
	const controller = new AbortController();
	let expired = false;
	const onParentAbort = () => controller.abort(parent?.reason);
	if (parent?.aborted) controller.abort(parent.reason);
	else parent?.addEventListener('abort', onParentAbort, { once: true });
	const timer =
		timeoutMs > 0
			? setTimeout(() => {
					expired = true;
					controller.abort(new Error('deadline'));
				}, timeoutMs)
			: null;
	return {
		signal: controller.signal,
		timedOut: () => expired,
		dispose: () => {
			if (timer) clearTimeout(timer);
			parent?.removeEventListener('abort', onParentAbort);
		},
	};
}

/** Resolves after ms, or rejects with an AbortError as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(abortError());
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

function abortError(): Error {
	const error = new Error('aborted');
	error.name = 'AbortError';
	return error;
}
