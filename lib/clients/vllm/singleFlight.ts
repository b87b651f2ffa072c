/**
 * One in-flight promise per key: callers that ask for the same key while a call runs share its result.
 * The key is forgotten when the call settles, so a failure can be retried by the next caller.
 */
export class SingleFlight<T> {
	private readonly inFlight = new Map<string, Promise<T>>();

	run(key: string, task: () => Promise<T>): Promise<T> {
		const running = this.inFlight.get(key);
		if (running) return running;
		const promise = (async () => {
			try {
				return await task();
			} finally {
				this.inFlight.delete(key);
			}
		})();
		this.inFlight.set(key, promise);
		return promise;
	}

	has(key: string): boolean {
		return this.inFlight.has(key);
	}
}
