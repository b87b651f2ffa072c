/**
 * Loaded Hub models, per process: a small LRU with a time to live, holding the promise so that
 * concurrent plans of the same model (items, What Fits) share one load. Failures are not kept.
 */
export class PromiseCache<T> {
	private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

	constructor(
		private readonly maxEntries: number,
		private readonly ttlMs: number,
	) {}

	get(key: string, load: () => Promise<T>): Promise<T> {
		const now = Date.now();
		const hit = this.entries.get(key);
		if (hit && hit.expires > now) {
			// Re-inserting moves the key to the end: the least recently used is first.
			this.entries.delete(key);
			this.entries.set(key, hit);
			return hit.value;
		}
		const value = load();
		this.entries.delete(key);
		this.entries.set(key, { value, expires: now + this.ttlMs });
		while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
		value.catch(() => {
			if (this.entries.get(key)?.value === value) this.entries.delete(key);
		});
		return value;
	}

	clear(): void {
		this.entries.clear();
	}
}
