/**
 * The second half of `npm run lint`: n8n's community-package scan (@n8n/scan-community-package,
 * the check n8n runs on a community package), offline. The scanner downloads a published package
 * from npm and lints the source its provenance points at (package.json, nodes/, credentials/) and
 * the tarball (compiled .js and package.json) with its own ESLint config, inline disables ignored.
 * This does the same with the scanner's own config, file patterns and ESLint, on this repository
 * and on the tarball `npm pack` makes of it (built first when the sources changed).
 *
 * Every finding must be listed in community-exceptions.json: `accepted` (a rule the pack knowingly
 * breaks, with its reason, also listed in the README) or `pending` (to fix on the branch that owns
 * the file). Anything else fails, and so does an entry that no longer matches any finding.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import type FastGlob from 'fast-glob';
import { buildIfStale } from '../n8n/build';
import { PROJECT_ROOT } from '../n8n/settings';
import exceptionsTable from './community-exceptions.json';

const SCANNER = '@n8n/scan-community-package';
/** The scanner's tarball leg: compiled code and the published manifest. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

interface ScannerModule {
	SOURCE_FILE_PATTERNS: string[];
	buildScanConfig(): Promise<Linter.Config[]>;
}

export interface Exception {
	rule: string;
	file: string;
	match?: string;
	reason: string;
}

export interface Finding {
	leg: 'source' | 'tarball';
	/** As linted: relative to the repository or to the unpacked tarball. */
	file: string;
	/** The source file it stands for (dist/x.js -> x.ts). */
	sourceFile: string;
	line: number;
	column: number;
	rule: string;
	message: string;
}

export const EXCEPTIONS: { accepted: Exception[]; pending: Exception[] } = exceptionsTable;

export function sourceFileOf(leg: Finding['leg'], file: string): string {
	return leg === 'tarball' && file.startsWith('dist/') ? file.slice('dist/'.length).replace(/\.js$/, '.ts') : file;
}

export function matches(exception: Exception, finding: Finding): boolean {
	return exception.rule === finding.rule && exception.file === finding.sourceFile && (exception.match === undefined || finding.message.includes(exception.match));
}

export interface Classified {
	accepted: Finding[];
	pending: Finding[];
	unexpected: Finding[];
	/** Entries that matched no finding: fixed (or moved), so the entry must go (or follow the file). */
	stale: Exception[];
}

export function classify(findings: Finding[], exceptions = EXCEPTIONS): Classified {
	const result: Classified = { accepted: [], pending: [], unexpected: [], stale: [] };
	for (const finding of findings) {
		if (exceptions.accepted.some((exception) => matches(exception, finding))) result.accepted.push(finding);
		else if (exceptions.pending.some((exception) => matches(exception, finding))) result.pending.push(finding);
		else result.unexpected.push(finding);
	}
	result.stale = [...exceptions.accepted, ...exceptions.pending].filter((exception) => !findings.some((finding) => matches(exception, finding)));
	return result;
}

async function loadScanner() {
	const scannerFile = require.resolve(`${SCANNER}/scanner/scanner.mjs`);
	const scannerRequire = createRequire(scannerFile);
	// Importing the scanner makes a temporary folder; have it removed at exit.
	(scannerRequire('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
	const scanner = (await import(pathToFileURL(scannerFile).href)) as ScannerModule;
	const { ESLint: ScannerESLint } = scannerRequire('eslint') as { ESLint: typeof ESLint };
	const glob = scannerRequire('fast-glob') as typeof FastGlob;
	const version = (scannerRequire('../package.json') as { version: string }).version;
	return { scanner, ScannerESLint, glob, version };
}

type Scanner = Awaited<ReturnType<typeof loadScanner>>;

/** One leg as the scanner's analyzePackage runs it, with the findings kept as data. */
async function lintLeg({ scanner, ScannerESLint, glob }: Scanner, leg: Finding['leg'], dir: string, patterns: string[]): Promise<Finding[]> {
	const eslint = new ScannerESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	return results.flatMap((result) =>
		result.messages
			.filter((message) => message.severity === 2)
			.map((message) => {
				const file = path.relative(dir, result.filePath);
				return { leg, file, sourceFile: sourceFileOf(leg, file), line: message.line, column: message.column, rule: message.ruleId ?? '(parse error)', message: message.message };
			}),
	);
}

function packAndUnpack(projectRoot: string, into: string): { tarball: string; dir: string } {
	const name = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', into], { cwd: projectRoot, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
	const dir = path.join(into, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(into, name), '-C', dir, '--strip-components=1']);
	return { tarball: name, dir };
}

const describe = (finding: Finding) => `${finding.leg === 'tarball' ? `<tarball>/${finding.file}` : finding.file}:${finding.line}:${finding.column}  ${finding.rule}  ${finding.message}`;

async function main(): Promise<void> {
	await buildIfStale(PROJECT_ROOT, (message) => console.log(`[lint] ${message}`));
	const scanner = await loadScanner();
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-scan-'));
	try {
		const packed = packAndUnpack(PROJECT_ROOT, scratch);
		const source = await lintLeg(scanner, 'source', PROJECT_ROOT, scanner.scanner.SOURCE_FILE_PATTERNS);
		const tarball = await lintLeg(scanner, 'tarball', packed.dir, TARBALL_FILE_PATTERNS);
		const { accepted, pending, unexpected, stale } = classify([...source, ...tarball]);
		console.log(`n8n community-package scan (${SCANNER} ${scanner.version} rules, offline): source ${source.length} and ${packed.tarball} ${tarball.length} findings; ${accepted.length} accepted (README "Lint"), ${pending.length} pending a fix, ${unexpected.length} unexpected.`);
		for (const finding of pending) console.log(`  pending: ${describe(finding)}`);
		for (const finding of unexpected) console.log(`  error: ${describe(finding)}`);
		for (const exception of stale) console.log(`  error: community-exceptions.json entry matches nothing (fixed or moved? remove or update it): ${exception.rule} in ${exception.file}${exception.match ? ` (${exception.match})` : ''}`);
		if (unexpected.length > 0 || stale.length > 0) process.exitCode = 1;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`[lint] ${error.stack ?? error.message}`);
		process.exit(1);
	});
}
