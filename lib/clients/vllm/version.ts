/** Compares vLLM release strings such as "0.10.2", "0.11.1rc2" or "0.12.0+cu128" by their numeric parts. */
export function parseVersion(version: string): number[] | null {
	const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
	if (!match) return null;
	return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** True when version >= min; false when the version cannot be read. */
export function versionAtLeast(version: string, min: string): boolean {
	const a = parseVersion(version);
	const b = parseVersion(min);
	if (!a || !b) return false;
	for (let i = 0; i < 3; i++) {
		if (a[i] !== b[i]) return a[i] > b[i];
	}
	return true;
}
