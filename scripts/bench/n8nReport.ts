/** The real-n8n bench's table for one cell: medians over the repeats, each ratio taken within its own repeat. */

export interface Sample {
	itemsPerSecond: number;
	cpuMsPerItem: number;
	/** CPU per item less what the process spends at rest over the same time (its own timers). */
	cpuMsPerItemAboveRest: number;
	maxInFlight: number;
	rssMiB: number;
}

/** A mode's samples, one per repeat, or why it did not run. */
export type Outcome = Sample[] | string;

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const format = (value: number, digits: number) => value.toFixed(digits);

function range(values: number[], digits: number, suffix = ''): string {
	const text = `${format(median(values), digits)}${suffix}`;
	return values.length > 1 ? `${text} (${format(Math.min(...values), digits)}–${format(Math.max(...values), digits)})` : text;
}

/**
 * The ratio to raw with n8n's floor taken out: the raw client's time over the mode's time less the
 * floor's (the same webhook and Split Out with nothing after them) in the same repeat. It says what
 * the measured node costs beside what n8n costs any workflow of that shape.
 */
function ratiosWithoutFloor(samples: Sample[], raw: Outcome | undefined, floor: Outcome | undefined, items: number): number[] {
	if (!Array.isArray(raw) || !Array.isArray(floor) || floor.length < samples.length) return [];
	return samples.map((sample, repeat) => items / raw[repeat].itemsPerSecond / (items / sample.itemsPerSecond - items / floor[repeat].itemsPerSecond));
}

/**
 * `baseline` is the raw client's samples, repeat by repeat, `floor` n8n's. Ratio, items/s and CPU
 * show the median and, with repeats, the range; in-flight is the most seen in any repeat, RSS the last.
 */
export function formatCell(title: string, items: number, outcomes: Array<[string, Outcome]>, baseline: string, floor: string): string[] {
	const raw = outcomes.find(([mode]) => mode === baseline)?.[1];
	const floorOutcome = outcomes.find(([mode]) => mode === floor)?.[1];
	const lines = [
		'',
		`${title}:`,
		'| mode | items/s | ratio to raw | same, n8n floor out | CPU ms/item | above rest | server in-flight max | n8n RSS MiB |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const [mode, outcome] of outcomes) {
		if (typeof outcome === 'string') {
			lines.push(`| ${mode} | ${outcome} | | | | | | |`);
			continue;
		}
		const ratios = Array.isArray(raw) ? outcome.map((sample, repeat) => sample.itemsPerSecond / raw[repeat].itemsPerSecond) : [];
		const withoutFloor = mode === baseline || mode === floor ? [] : ratiosWithoutFloor(outcome, raw, floorOutcome, items);
		const inFlight = Math.max(...outcome.map((sample) => sample.maxInFlight));
		lines.push(
			[
				'',
				mode === baseline ? `${mode} (CPU: bench process)` : mode,
				range(outcome.map((sample) => sample.itemsPerSecond), 0),
				ratios.length ? range(ratios, 2, 'x') : '-',
				withoutFloor.length ? range(withoutFloor, 2, 'x') : '-',
				range(outcome.map((sample) => sample.cpuMsPerItem), 3),
				range(outcome.map((sample) => sample.cpuMsPerItemAboveRest), 3),
				mode === floor ? '-' : String(inFlight),
				String(outcome[outcome.length - 1].rssMiB),
				'',
			].join(' | ').trim(),
		);
	}
	return lines;
}
