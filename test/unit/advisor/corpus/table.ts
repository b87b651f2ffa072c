/** Prints predicted vs printed for every corpus case (a development aid: npx tsx test/unit/advisor/corpus/table.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineLogCase } from '../../../fixtures/engine-logs/schema';
import { replay } from './replay';
import { NOT_REPLAYED, SETUPS } from './setups';

const dir = join(__dirname, '../../../fixtures/engine-logs');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
	const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as EngineLogCase;
	if (NOT_REPLAYED[c.id]) {
		console.log(`${c.id}: not replayed`);
		continue;
	}
	const setup = SETUPS[c.id];
	if (!setup) {
		console.log(`${c.id}: NO SETUP`);
		continue;
	}
	const r = replay(c, setup);
	const rows: string[] = [];
	for (const [key, value] of Object.entries(c.printed)) {
		if (key === 'lines' || typeof value !== 'number') continue;
		const p = r.figures[key];
		const err = p === undefined ? 'n/a' : `${(((p - value) / Math.abs(value)) * 100).toFixed(1)}%`;
		rows.push(`${key}=${value} pred=${p === undefined ? '-' : p.toFixed(2)} (${err})${setup.excluded?.[key] ? ' [excl]' : ''}`);
	}
	const verdict = r.startup.verdict === (c.outcome.status === 'started' ? 'starts' : 'fails') ? 'ok' : 'MISMATCH';
	let decode = '';
	if (c.decode && r.speed) {
		const total = c.decode.concurrency > 1 ? r.speed.totalTokensPerSecond : r.speed.singleStreamTokensPerSecond;
		decode = ` decode=${c.decode.tokensPerSecond} pred=${total} (${(((total - c.decode.tokensPerSecond) / c.decode.tokensPerSecond) * 100).toFixed(1)}%)`;
	}
	console.log(`${c.id}: verdict ${r.startup.verdict} vs ${c.outcome.status} ${verdict}${setup.excluded?.verdict ? ' [excl]' : ''} [${r.startup.check}]${decode}`);
	for (const row of rows) console.log(`    ${row}`);
	const fixes = r.startup.fixes();
	if (fixes.length > 0) console.log(`    fixes: ${fixes.map((f) => f.change).join(' | ')}`);
}
