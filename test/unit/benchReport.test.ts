import { formatCell, median, type Sample } from '../../scripts/bench/n8nReport';

const sample = (itemsPerSecond: number, cpuMsPerItem = 0.5): Sample => ({ itemsPerSecond, cpuMsPerItem, cpuMsPerItemAboveRest: cpuMsPerItem - 0.1, maxInFlight: 8, rssMiB: 500 });

/** The cells of a table row, by column name. */
function row(lines: string[], mode: string): Record<string, string> {
	const header = lines.find((line) => line.startsWith('| mode'))?.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '')) ?? [];
	const cells = lines.find((line) => line.startsWith(`| ${mode} |`))?.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '')) ?? [];
	return Object.fromEntries(header.map((name, index) => [name, cells[index]]));
}

test('median of odd and even counts', () => {
	expect(median([3, 1, 2])).toBe(2);
	expect(median([4, 1, 3, 2])).toBe(2.5);
});

test('each ratio is taken within its own repeat, then the median and range are shown', () => {
	const lines = formatCell('1000 items, concurrency 8', 1000, [
		['raw', [sample(100), sample(200), sample(150)]],
		['node', [sample(90), sample(200), sample(120)]],
	], 'raw', 'floor');
	expect(row(lines, 'node')['ratio to raw']).toBe('0.90x (0.80–1.00)');
	expect(row(lines, 'node')['same, n8n floor out']).toBe('-');
});

test('with the floor taken out, a node that costs exactly raw + floor is 1.00x', () => {
	// 1,000 items: raw 1.0 s, floor 0.1 s, node 1.1 s.
	const lines = formatCell('cell', 1000, [
		['raw', [sample(1000)]],
		['node', [sample(1000 / 1.1)]],
		['floor', [sample(10000, 0.05)]],
	], 'raw', 'floor');
	expect(row(lines, 'node')['ratio to raw']).toBe('0.91x');
	expect(row(lines, 'node')['same, n8n floor out']).toBe('1.00x');
	expect(row(lines, 'floor')['server in-flight max']).toBe('-');
	expect(row(lines, 'raw (CPU: bench process)')['CPU ms/item']).toBe('0.500');
});

test('a mode that failed shows why, and the others still get their row', () => {
	const lines = formatCell('cell', 10, [['raw', [sample(10)]], ['node', 'failed: boom']], 'raw', 'floor');
	expect(lines.some((line) => line.startsWith('| node | failed: boom |'))).toBe(true);
	expect(row(lines, 'raw (CPU: bench process)')['items/s']).toBe('10');
});
