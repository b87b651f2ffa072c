/** Searches the start-up fixes share: the largest or smallest setting for which a monotone test passes. */

/** Largest integer in [lo, hi] for which `passes` holds, assuming it holds up to some point and not after; null when not at lo. */
export function largestPassing(lo: number, hi: number, passes: (value: number) => boolean): number | null {
	if (hi < lo || !passes(lo)) return null;
	if (passes(hi)) return hi;
	let good = lo;
	let bad = hi;
	while (bad - good > 1) {
		const mid = Math.floor((good + bad) / 2);
		if (passes(mid)) good = mid;
		else bad = mid;
	}
	return good;
}

/** Smallest integer in [lo, hi] for which `passes` holds, assuming it fails up to some point and holds after; null when not at hi. */
export function smallestPassing(lo: number, hi: number, passes: (value: number) => boolean): number | null {
	if (hi < lo || !passes(hi)) return null;
	const lastFailing = largestPassing(lo, hi, (value) => !passes(value));
	return lastFailing === null ? lo : lastFailing + 1;
}

/** The first value of a list (ordered by preference) for which `passes` holds. */
export function firstPassing<T>(values: readonly T[], passes: (value: T) => boolean): T | null {
	for (const value of values) if (passes(value)) return value;
	return null;
}
