/**
 * "What fits": every catalog model (and any others given) planned on the same GPUs and ranked by what runs best:
 * first what fits at the requested context and concurrency, then what starts (serving fewer requests at once), then
 * what runs with part of the model in system RAM; within a tier the most capable model (most parameters) first, or
 * the fastest with rankBy 'speed'.
 */
import type { Candidate } from '../types';
import { MODELS } from '../knowledge/models';
import { loadModel, type ModelInput } from '../models/load';
import { parameterGroups } from '../models/parameters';
import type { ModelSpec } from '../models/types';
import { usableGpus } from './gpus';
import { planModel, validatePickInput } from './pickQuantFormat';
import type { PickQuantFormatInput } from './types';

export type WhatFitsTier = 'fits' | 'starts' | 'offload' | 'fails';

export interface WhatFitsInput extends Omit<PickQuantFormatInput, 'model' | 'ggufFile' | 'topN'> {
	/** Models to rank besides the catalog: ids, config.json objects, URLs or paths the model loader resolves. */
	models?: ModelInput[];
	/** Rank the catalog's models too (default true). */
	includeCatalog?: boolean;
	/** 'capability' (default): the largest model that runs first; 'speed': the fastest decode first. */
	rankBy?: 'capability' | 'speed';
}

export interface WhatFitsEntry {
	rank: number;
	model: { id: string; displayName: string; parametersBillions: number; activeParametersBillions: number };
	tier: WhatFitsTier;
	/** The best candidate for this model (engine, format, command, start-up verdict, speed estimate...). */
	best: Candidate | null;
	/** Estimated single-stream decode speed of the best candidate, tokens/s (null when not estimated). */
	tokensPerSecond: number | null;
	command: string | null;
	summary: string;
}

export interface WhatFitsResult {
	ranking: WhatFitsEntry[];
	/** How the ranking was made, in a sentence. */
	rankedBy: string;
	summary: string;
}

const TIER_ORDER: Record<WhatFitsTier, number> = { fits: 3, starts: 2, offload: 1, fails: 0 };

function tierOf(best: Candidate | null): WhatFitsTier {
	if (!best) return 'fails';
	if (best.fits) return 'fits';
	if (best.startup.verdict === 'starts') return 'starts';
	return best.memory.hostBytes ? 'offload' : 'fails';
}

function uniqueModels(models: ModelSpec[]): ModelSpec[] {
	const seen = new Set<string>();
	return models.filter((model) => (seen.has(model.id) ? false : (seen.add(model.id), true)));
}

export async function whatFits(input: WhatFitsInput): Promise<WhatFitsResult> {
	validatePickInput(input);
	const gpus = usableGpus(input.gpus);
	const { sources, hub, signal } = input;
	const extra = await Promise.all((input.models ?? []).map((model) => loadModel(model, { sources, hub, signal })));
	const models = uniqueModels([...(input.includeCatalog === false ? [] : MODELS), ...extra]);
	const rankBy = input.rankBy ?? 'capability';
	const entries = models.map((model) => {
		const result = planModel(model, gpus, { ...input, topN: 1 });
		const best = result.recommended;
		const groups = parameterGroups(model);
		return {
			model: {
				id: model.id,
				displayName: model.displayName,
				parametersBillions: Math.round(groups.total / 1e8) / 10,
				activeParametersBillions: Math.round(groups.active / 1e8) / 10,
			},
			tier: tierOf(best),
			best,
			tokensPerSecond: best?.speed?.singleStreamTokensPerSecond ?? null,
			command: best?.engineArgs.command ?? null,
			summary: result.summary,
			total: groups.total,
		};
	});
	entries.sort(
		(a, b) =>
			TIER_ORDER[b.tier] - TIER_ORDER[a.tier] ||
			(rankBy === 'speed' ? (b.tokensPerSecond ?? 0) - (a.tokensPerSecond ?? 0) : b.total - a.total) ||
			(b.best?.score ?? 0) - (a.best?.score ?? 0),
	);
	const ranking = entries.map((entry, i): WhatFitsEntry => ({ rank: i + 1, model: entry.model, tier: entry.tier, best: entry.best, tokensPerSecond: entry.tokensPerSecond, command: entry.command, summary: entry.summary }));
	const fitting = ranking.filter((e) => e.tier === 'fits');
	const top = ranking[0];
	return {
		ranking,
		rankedBy:
			rankBy === 'speed'
				? 'Models that fit first, then those that start with fewer requests at once, then those that need system RAM; within each, the fastest estimated decode first.'
				: 'Models that fit first, then those that start with fewer requests at once, then those that need system RAM; within each, the largest model (most parameters) first.',
		summary:
			top && top.tier !== 'fails'
				? `${fitting.length} of ${ranking.length} models fit. Best: ${top.model.displayName} with ${top.best?.engineLabel} (${top.best?.format})${top.tokensPerSecond ? `, about ${top.tokensPerSecond} tokens/s estimated` : ''}.`
				: `None of the ${ranking.length} models runs on these GPUs.`,
	};
}
