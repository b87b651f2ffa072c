import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
	type EngineLogCase,
	hasMemoryFigures,
	isPublicUrl,
	numberAppearsIn,
	validateEngineLogCase,
} from '../../fixtures/engine-logs/schema';

const DIR = join(__dirname, '../../fixtures/engine-logs');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const cases = files.map((file) => ({ file, data: JSON.parse(readFileSync(join(DIR, file), 'utf8')) as EngineLogCase }));

describe('engine start-up log corpus', () => {
	it.each(cases.map((c) => [c.file, c.data] as const))('%s matches the schema and quotes every figure it claims', (file, data) => {
		expect(validateEngineLogCase(data, file.replace(/\.json$/, ''))).toEqual([]);
	});

	it('holds at least 30 cases, 25 with memory figures and 10 with a decode speed', () => {
		expect(cases.length).toBeGreaterThanOrEqual(30);
		expect(cases.filter((c) => hasMemoryFigures(c.data)).length).toBeGreaterThanOrEqual(25);
		expect(cases.filter((c) => c.data.decode !== null).length).toBeGreaterThanOrEqual(10);
	});

	it('covers every engine, both outcomes and gpt-oss prominently', () => {
		const engines = new Set(cases.map((c) => c.data.engine));
		expect([...engines].sort()).toEqual(['llama.cpp', 'lmstudio', 'ollama', 'sglang', 'vllm']);
		expect(cases.some((c) => c.data.outcome.status === 'failed')).toBe(true);
		expect(cases.filter((c) => c.data.model.includes('gpt-oss')).length).toBeGreaterThanOrEqual(cases.length / 3);
	});

	it('never cites the team-internal reference notes', () => {
		for (const { data } of cases) expect(JSON.stringify(data)).not.toMatch(/shared\/reference|\/work\/shared/);
	});
});

describe('corpus validator', () => {
	const valid = cases.find((c) => c.data.id === 'vllm-h100-gpt-oss-20b-1')!.data;

	it('finds numbers as written, with thousands separators and trailing zeros, but not inside other numbers', () => {
		expect(numberAppearsIn(463136, ['GPU KV cache size: 463,136 tokens'])).toBe(true);
		expect(numberAppearsIn(28.2, ['Available KV cache memory: 28.20 GiB'])).toBe(true);
		expect(numberAppearsIn(-2.14, ['Available KV cache memory: -2.14 GiB'])).toBe(true);
		expect(numberAppearsIn(3.3, ['took 3.35 GiB'])).toBe(false);
		expect(numberAppearsIn(3.3, ['took 33.3 GiB'])).toBe(false);
		expect(numberAppearsIn(2.14, ['Available KV cache memory: -2.14 GiB'])).toBe(true);
	});

	it('accepts only public https URLs', () => {
		expect(isPublicUrl('https://github.com/vllm-project/vllm/issues/23278')).toBe(true);
		expect(isPublicUrl('http://github.com/x/y')).toBe(false);
		expect(isPublicUrl('https://localhost/x')).toBe(false);
		expect(isPublicUrl('https://10.0.0.1/x')).toBe(false);
		expect(isPublicUrl(`file://${['', 'work', 'research', 'vllm.md'].join('/')}`)).toBe(false);
	});

	it('rejects a figure that its lines do not contain', () => {
		const broken = { ...valid, printed: { ...valid.printed, modelLoadingGiB: 13.74 } };
		expect(validateEngineLogCase(broken, valid.id)).toContain('printed.modelLoadingGiB = 13.74 does not appear in printed.lines');
	});

	it('rejects unknown fields, negative sizes, private URLs and a missing decode quote', () => {
		const problems = validateEngineLogCase(
			{
				...valid,
				url: 'https://localhost/log',
				extra: 1,
				printed: { ...valid.printed, modelLoadingGiB: -13.47 },
				decode: { tokensPerSecond: 99, concurrency: 1, promptTokens: null, outputTokens: null, depthTokens: null, benchmarkTool: 'llama-bench', lines: ['tg128 98.00'] },
			},
			valid.id,
		);
		expect(problems).toEqual(
			expect.arrayContaining([
				'extra is not a known field',
				'url https://localhost/log is not a public https URL',
				'printed.modelLoadingGiB must be positive (got -13.47)',
				'decode.tokensPerSecond = 99 does not appear in decode.lines',
			]),
		);
	});

	it('rejects a GPU id the catalog does not have and a case with nothing to check', () => {
		const problems = validateEngineLogCase(
			{ ...valid, gpuCatalogId: 'h100-unknown', printed: { lines: [] }, decode: null, outcome: { status: 'started', error: null, evidence: null } },
			valid.id,
		);
		expect(problems).toContain('gpuCatalogId h100-unknown is not in lib/knowledge/gpus.ts');
		expect(problems).toContain('a case needs printed figures, a decode measurement or a quoted outcome');
	});
});
