/**
 * Every case of the engine log corpus (test/fixtures/engine-logs) replayed through the advisor: each memory figure
 * the engine printed within 5 %, the start-up verdict the same as the log's outcome, and each published decode speed
 * within 25 %. A figure or verdict not compared says why (test/unit/advisor/corpus/setups.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineLogCase } from '../../fixtures/engine-logs/schema';
import { replay } from './corpus/replay';
import { NOT_ESTIMATES, NOT_REPLAYED, SETUPS } from './corpus/setups';

const DIR = join(__dirname, '../../fixtures/engine-logs');
const cases = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as EngineLogCase);

/** Profile terms printed to 0.01 GiB: 0.13 vs 0.14 GiB is the printing, so a 0.02 GiB floor. */
const PROFILE_TERMS = new Set(['torchPeakIncreaseGiB', 'nonTorchGiB']);
/** The KV budget is a difference of two ~70 GiB terms: a floor of 1 % of the requested memory. */
const KV_RESIDUALS = new Set(['availableKvCacheGiB', 'kvCacheSizeGiB']);

function tolerance(key: string, printed: number, requestedGiB: number | undefined): number {
	const relative = 0.05 * Math.abs(printed);
	if (PROFILE_TERMS.has(key)) return Math.max(relative, 0.02);
	if (KV_RESIDUALS.has(key) && requestedGiB !== undefined) return Math.max(relative, 0.01 * requestedGiB);
	return relative;
}

it('every corpus case is replayed, or says why not', () => {
	for (const c of cases) expect(SETUPS[c.id] !== undefined || NOT_REPLAYED[c.id] !== undefined).toBe(true);
	for (const id of Object.keys(SETUPS)) expect(cases.some((c) => c.id === id)).toBe(true);
});

describe.each(cases.filter((c) => SETUPS[c.id]).map((c) => [c.id, c] as const))('%s', (_id, c) => {
	const setup = SETUPS[c.id];
	const result = replay(c, setup);
	const requestedGiB = result.figures.requestedMemoryGiB;
	const figures = Object.entries(c.printed).filter((entry): entry is [string, number] => entry[0] !== 'lines' && typeof entry[1] === 'number');

	for (const [key, printed] of figures) {
		const reason = setup.excluded?.[key] ?? NOT_ESTIMATES[key];
		if (reason) {
			it.skip(`${key} ${printed}: not compared, ${reason}`, () => undefined);
			continue;
		}
		it(`${key} ${printed} within 5 %`, () => {
			const predicted = result.figures[key];
			expect(predicted).toBeDefined();
			expect(Math.abs((predicted as number) - printed)).toBeLessThanOrEqual(tolerance(key, printed, requestedGiB));
		});
	}

	const expected = c.outcome.status === 'started' ? 'starts' : 'fails';
	if (setup.excluded?.verdict) it.skip(`verdict ${expected}: not compared, ${setup.excluded.verdict}`, () => undefined);
	else it(`the start-up check ${expected === 'starts' ? 'passes' : 'refuses'}, as the log says`, () => expect(result.startup.verdict).toBe(expected));

	const decode = c.decode;
	if (decode) {
		if (setup.excluded?.decode) it.skip(`decode ${decode.tokensPerSecond} tok/s: not compared, ${setup.excluded.decode}`, () => undefined);
		else {
			it(`decode ${decode.tokensPerSecond} tok/s (${decode.concurrency} stream(s)) within 25 %`, () => {
				expect(result.speed).not.toBeNull();
				const speed = result.speed!;
				const predicted = decode.concurrency > 1 ? speed.totalTokensPerSecond : speed.singleStreamTokensPerSecond;
				expect(Math.abs(predicted / decode.tokensPerSecond - 1)).toBeLessThanOrEqual(0.25);
			});
		}
	}
});
