/** Engine version comparison and the version window of a support row. */
import type { SupportRow } from '../types';

/** Compares engine versions: vLLM "0.10.2", SGLang "0.5.17", Ollama "v0.30.0", llama.cpp builds "b7536". */
export function compareEngineVersions(a: string, b: string): number {
	const parts = (v: string) =>
		v
			.replace(/^v/i, '')
			.replace(/^b/i, '')
			.split(/[.+-]/)
			.map((p) => Number.parseInt(p, 10))
			.map((n) => (Number.isFinite(n) ? n : 0));
	const pa = parts(a);
	const pb = parts(b);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d < 0 ? -1 : 1;
	}
	return 0;
}

/** Without a version the newest behaviour applies: rows that ended at a maxVersion are skipped. */
export function versionMatches(row: Pick<SupportRow, 'minVersion' | 'maxVersion'>, version: string | undefined): boolean {
	if (version === undefined) return row.maxVersion === undefined;
	if (row.minVersion && compareEngineVersions(version, row.minVersion) < 0) return false;
	if (row.maxVersion && compareEngineVersions(version, row.maxVersion) > 0) return false;
	return true;
}
