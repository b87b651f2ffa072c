/**
 * The bookkeeping of the community-package scan (scripts/lint/scan-package.ts): every finding is
 * accepted, pending or unexpected; an exception that matches nothing is reported; every accepted
 * exception is listed in the README with its file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, EXCEPTIONS, sourceFileOf, type Finding } from '../../scripts/lint/scan-package';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';

const finding = (leg: Finding['leg'], file: string, rule: string, message: string): Finding => ({ leg, file, sourceFile: sourceFileOf(leg, file), line: 1, column: 1, rule, message });
const restrictedImport = '@n8n/community-nodes/no-restricted-imports';

test('a tarball finding in dist/x.js counts for x.ts; package.json is itself in both legs', () => {
	expect(sourceFileOf('tarball', 'dist/lib/gpu/detect.js')).toBe('lib/gpu/detect.ts');
	expect(sourceFileOf('tarball', 'package.json')).toBe('package.json');
	expect(sourceFileOf('source', 'nodes/A/A.node.ts')).toBe('nodes/A/A.node.ts');
});

test('findings are matched by rule, file and message; anything else is unexpected; unused entries are stale', () => {
	const exceptions = {
		accepted: [{ rule: restrictedImport, file: 'lib/gpu/detect.ts', match: "'node:child_process'", reason: 'runs nvidia-smi' }],
		pending: [{ rule: restrictedImport, file: 'nodes/common/runItems.ts', reason: 'being rewritten' }],
	};
	const childProcess = finding('tarball', 'dist/lib/gpu/detect.js', restrictedImport, "Require of 'node:child_process' is not allowed.");
	const net = finding('tarball', 'dist/lib/gpu/detect.js', restrictedImport, "Require of 'node:net' is not allowed.");
	const elsewhere = finding('source', 'nodes/DetectGpu/DetectGpu.node.ts', restrictedImport, "Import of 'node:child_process' is not allowed.");
	expect(classify([childProcess, net, elsewhere], exceptions)).toEqual({ accepted: [childProcess], pending: [], unexpected: [net, elsewhere], stale: [exceptions.pending[0]] });
});

test('every accepted exception is listed in the README lint section, with its file', () => {
	const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## Lint'), readme.indexOf('\n## ', readme.indexOf('## Lint') + 1));
	expect(section.length).toBeGreaterThan(0);
	for (const exception of EXCEPTIONS.accepted) {
		expect(section).toContain(`\`${exception.rule.replace('@n8n/community-nodes/', '')}\``);
		expect(section).toContain(`\`${exception.file}\``);
	}
});
