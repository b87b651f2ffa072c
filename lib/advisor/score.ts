/**
 * Ranking. In order of weight: fits in GPU memory (or at least starts, serving fewer requests at once than asked, or
 * runs with part in system RAM), the
 * execution path (native > weight-only > int8-dot), closeness to the trained weights, fewer GPUs,
 * then a small engine preference each profile states (rankBonus: vLLM for serving, then llama.cpp,
 * LM Studio, SGLang, Ollama).
 */
import type { Engine, ExecutionPath } from '../types';
import { ENGINE_IDS, ENGINES } from '../engines/registry';

export const SCORE_WEIGHTS = {
	fits: 1000,
	/** Starts, but its KV cache holds fewer requests of the context than asked. */
	startsOnly: 700,
	runsWithOffload: 400,
	execution: { native: 300, 'weight-only': 200, 'int8-dot': 150, unsupported: 0 } as Record<ExecutionPath, number>,
	perExtraGpu: 25,
	engine: Object.fromEntries(ENGINE_IDS.map((id) => [id, ENGINES[id].rankBonus])) as Record<Engine, number>,
	/** Up to this much is taken off a non-fitting option by how far it is from fitting. */
	shortfall: 100,
};

export interface ScoreInput {
	fits: boolean;
	/** The engine's own start-up check passes. */
	starts: boolean;
	offloaded: boolean;
	execution: ExecutionPath;
	/** 0-100. */
	quality: number;
	gpuCount: number;
	engine: Engine;
	neededBytes: number;
	availableBytes: number;
}

export function scoreCandidate(input: ScoreInput): number {
	let score = input.fits ? SCORE_WEIGHTS.fits : input.starts ? SCORE_WEIGHTS.startsOnly : input.offloaded ? SCORE_WEIGHTS.runsWithOffload : 0;
	score += SCORE_WEIGHTS.execution[input.execution];
	score += input.quality;
	score -= SCORE_WEIGHTS.perExtraGpu * (input.gpuCount - 1);
	score += SCORE_WEIGHTS.engine[input.engine];
	if (!input.fits && input.availableBytes > 0) {
		const shortfall = Math.min(1, Math.max(0, (input.neededBytes - input.availableBytes) / input.availableBytes));
		score -= SCORE_WEIGHTS.shortfall * shortfall;
	}
	return Math.round(score * 10) / 10;
}
