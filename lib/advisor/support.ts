/** Looks up the execution path an engine takes for a format on a GPU, from lib/knowledge/engines.ts. */
import type { Engine, ExecutionPath, GpuInfo } from '../types';
import { compareEngineVersions, ENGINE_SUPPORT, type EngineSupportRow, type SupportEngine } from '../knowledge/engines';
import type { FormatRow } from '../knowledge/formats';

export interface SupportDecision {
	execution: ExecutionPath;
	row: EngineSupportRow | null;
	/** Open pull requests that would change the path (never applied). */
	pending: EngineSupportRow[];
}

/** "12.0" -> 120, "8.9" -> 89. */
export function ccNumber(computeCapability: string | null): number | null {
	if (!computeCapability) return null;
	const match = /^(\d+)\.(\d+)$/.exec(computeCapability.trim());
	return match ? Number(match[1]) * 10 + Number(match[2]) : null;
}

export function supportEngine(engine: Engine): SupportEngine {
	return engine === 'vllm' ? 'vllm' : 'llama.cpp';
}

function hardwareMatches(row: EngineSupportRow, gpu: GpuInfo): boolean {
	if (row.vendor !== gpu.vendor) return false;
	if (gpu.vendor === 'nvidia') {
		const cc = ccNumber(gpu.computeCapability);
		if (cc === null) return false;
		return cc >= (row.minCc ?? 0) && cc <= (row.maxCc ?? Number.MAX_SAFE_INTEGER);
	}
	if (row.isaPrefixes) return row.isaPrefixes.some((prefix) => (gpu.isa ?? '').startsWith(prefix));
	return true;
}

function versionMatches(row: EngineSupportRow, version: string | undefined): boolean {
	if (version === undefined) return row.maxVersion === undefined;
	if (row.minVersion && compareEngineVersions(version, row.minVersion) < 0) return false;
	if (row.maxVersion && compareEngineVersions(version, row.maxVersion) > 0) return false;
	return true;
}

export function supportFor(engine: Engine, format: FormatRow, gpu: GpuInfo, version?: string): SupportDecision {
	const wanted = supportEngine(engine);
	const candidates = ENGINE_SUPPORT.filter(
		(row) =>
			row.engine === wanted &&
			row.family === format.family &&
			(!row.formats || row.formats.includes(format.id)) &&
			hardwareMatches(row, gpu),
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
