/**
 * Polls `read` until `accept` holds or `withinMs` passes, then returns the last value, so that a
 * test on a busy machine waits for asynchronous settling instead of sleeping a fixed time.
 */
export async function eventually<T>(read: () => T, accept: (value: T) => boolean, withinMs = 3_000): Promise<T> {
	const deadline = Date.now() + withinMs;
	let value = read();
	while (!accept(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 10));
		value = read();
	}
	return value;
}
