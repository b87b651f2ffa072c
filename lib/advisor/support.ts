/** Looks up the execution path an engine takes for a format on a GPU, in the engine's own support rows. */
import type { ExecutionPath, GpuInfo } from '../types';
import { engineProfile, type EngineId } from '../engines/registry';
import { versionMatches } from '../engines/common/versions';
import type { SupportRow } from '../engines/types';
import type { FormatRow } from '../knowledge/formats';

export interface SupportDecision {
	execution: ExecutionPath;
	row: SupportRow | null;
	/** Open pull requests that would change the path (never applied). */
	pending: SupportRow[];
}

/** "12.0" -> 120, "8.9" -> 89. */
export function ccNumber(computeCapability: string | null): number | null {
	if (!computeCapability) return null;
	const match = /^(\d+)\.(\d+)$/.exec(computeCapability.trim());
	return match ? Number(match[1]) * 10 + Number(match[2]) : null;
}

function hardwareMatches(row: SupportRow, gpu: GpuInfo): boolean {
	if (row.vendor !== gpu.vendor) return false;
	if (gpu.vendor === 'nvidia') {
		const cc = ccNumber(gpu.computeCapability);
		if (cc === null) return false;
		return cc >= (row.minCc ?? 0) && cc <= (row.maxCc ?? Number.MAX_SAFE_INTEGER);
	}
	if (row.isaPrefixes) return row.isaPrefixes.some((prefix) => (gpu.isa ?? '').startsWith(prefix));
	return true;
}

export function supportFor(engine: EngineId, format: FormatRow, gpu: GpuInfo, version?: string): SupportDecision {
	const candidates = engineProfile(engine).support.filter(
		(row) => row.family === format.family && (!row.formats || row.formats.includes(format.id)) && hardwareMatches(row, gpu),
	);
	const pending = candidates.filter((row) => row.pending);
	const row = candidates.find((r) => !r.pending && versionMatches(r, version)) ?? null;
	return { execution: row ? row.execution : 'unsupported', row, pending };
}

const EXECUTION_RANK: Record<ExecutionPath, number> = { native: 3, 'weight-only': 2, 'int8-dot': 1, unsupported: 0 };

/** Across several GPUs the slowest path decides. */
export function weakestSupport(decisions: SupportDecision[]): SupportDecision {
	return decisions.reduce((worst, d) => (EXECUTION_RANK[d.execution] < EXECUTION_RANK[worst.execution] ? d : worst));
}
