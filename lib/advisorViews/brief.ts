/**
 * A candidate in brief, for answers people read: memory in GiB and the command line instead of the
 * byte breakdown and the argument vector.
 */
import type { Candidate } from '../types';

export interface CandidateBrief {
	engine: Candidate['engine'];
	format: string;
	checkpoint: Candidate['checkpoint'];
	execution: Candidate['execution'];
	fits: boolean;
	gpuCount: number;
	neededGiB: number;
	availableGiB: number;
	maxContextLength: number;
	command: string | null;
	/** Engine load settings (e.g. the model key LM Studio loads, the context length). */
	settings: Candidate['engineArgs']['settings'];
	reasons: string[];
	warnings: string[];
}

/** Bytes in GiB, one decimal. */
export function gib(bytes: number): number {
	return Math.round((bytes / 2 ** 30) * 10) / 10;
}

export function briefCandidate(candidate: Candidate): CandidateBrief {
	return {
		engine: candidate.engine,
		format: candidate.format,
		checkpoint: candidate.checkpoint,
		execution: candidate.execution,
		fits: candidate.fits,
		gpuCount: candidate.gpuCount,
		neededGiB: gib(candidate.memory.totalBytes),
		availableGiB: gib(candidate.memory.availableBytes),
		maxContextLength: candidate.maxContextLength,
		command: candidate.engineArgs.command,
		settings: candidate.engineArgs.settings,
		reasons: candidate.reasons,
		warnings: candidate.warnings,
	};
}
