/**
 * Prints, for every corpus case, what the advisor predicts next to what the engine printed, and per engine how many
 * figures are within 5 % (the numbers the README quotes): npx tsx test/unit/advisor/corpus/table.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineLogCase } from '../../../fixtures/engine-logs/schema';
import { replay } from './replay';
import { NOT_ESTIMATES, NOT_REPLAYED, SETUPS } from './setups';

interface Tally {
	figures: number;
	within5: number;
	excluded: number;
	verdicts: number;
	verdictsAgree: number;
	verdictsExcluded: number;
	decodes: number;
	decodesWithin25: number;
	decodesExcluded: number;
	notReplayed: number;
}

const dir = join(__dirname, '../../../fixtures/engine-logs');
const tallies = new Map<string, Tally>();
const tally = (engine: string): Tally => {
	if (!tallies.has(engine)) tallies.set(engine, { figures: 0, within5: 0, excluded: 0, verdicts: 0, verdictsAgree: 0, verdictsExcluded: 0, decodes: 0, decodesWithin25: 0, decodesExcluded: 0, notReplayed: 0 });
	return tallies.get(engine)!;
};

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
	const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as EngineLogCase;
	const t = tally(c.engine);
	const setup = SETUPS[c.id];
	if (NOT_REPLAYED[c.id] || !setup) {
		t.notReplayed++;
		console.log(`${c.id}: not replayed (${NOT_REPLAYED[c.id] ?? 'no setup'})`);
		continue;
	}
	const r = replay(c, setup);
	console.log(`${c.id}:`);
	for (const [key, value] of Object.entries(c.printed)) {
		if (key === 'lines' || typeof value !== 'number' || NOT_ESTIMATES[key] !== undefined) continue;
		t.figures++;
		const p = r.figures[key];
		if (setup.excluded?.[key] || p === undefined) {
			t.excluded++;
			console.log(`    ${key} ${value}: excluded`);
			continue;
		}
		const error = (p - value) / Math.abs(value);
		if (Math.abs(error) <= 0.05) t.within5++;
		console.log(`    ${key} ${value}: predicted ${p.toFixed(2)} (${(error * 100).toFixed(1)} %)`);
	}
	const expected = c.outcome.status === 'started' ? 'starts' : 'fails';
	t.verdicts++;
	if (setup.excluded?.verdict) t.verdictsExcluded++;
	else if (r.startup.verdict === expected) t.verdictsAgree++;
	console.log(`    verdict ${r.startup.verdict} (log: ${c.outcome.status}) [${r.startup.check}]${setup.excluded?.verdict ? ' excluded' : ''}`);
	if (c.decode) {
		t.decodes++;
		if (setup.excluded?.decode || !r.speed) t.decodesExcluded++;
		else {
			const predicted = c.decode.concurrency > 1 ? r.speed.totalTokensPerSecond : r.speed.singleStreamTokensPerSecond;
			const error = predicted / c.decode.tokensPerSecond - 1;
			if (Math.abs(error) <= 0.25) t.decodesWithin25++;
			console.log(`    decode ${c.decode.tokensPerSecond} tok/s: predicted ${predicted} (${(error * 100).toFixed(1)} %)`);
		}
	}
	const fixes = r.startup.fixes();
	if (fixes.length > 0) console.log(`    fixes: ${fixes.map((f) => f.change).join(' | ')}`);
}

console.log('\nengine     | memory figures within 5 % | excluded | verdicts agree | excluded | decode within 25 % | excluded | not replayed');
for (const [engine, t] of tallies) {
	console.log(
		`${engine.padEnd(10)} | ${t.within5}/${t.figures - t.excluded}`.padEnd(40) +
			`| ${t.excluded}`.padEnd(11) +
			`| ${t.verdictsAgree}/${t.verdicts - t.verdictsExcluded}`.padEnd(17) +
			`| ${t.verdictsExcluded}`.padEnd(11) +
			`| ${t.decodesWithin25}/${t.decodes - t.decodesExcluded}`.padEnd(21) +
			`| ${t.decodesExcluded}`.padEnd(11) +
			`| ${t.notReplayed}`,
	);
}
