// @ts-check
/** Three suites: unit (plain TypeScript core), engine (nodes inside n8n-core's WorkflowExecute), e2e (a real n8n server). */
const tsJest = ['ts-jest', { diagnostics: false }];
const base = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleFileExtensions: ['ts', 'js', 'json'] };
/** CI sets OVERLAY_JEST_SUMMARY to a file that gets jest's closing counts (test/jestSummaryReporter.js). */
const summaryFile = process.env.OVERLAY_JEST_SUMMARY;

/** @type {import('jest').Config} */
module.exports = {
	reporters: summaryFile ? ['default', ['<rootDir>/test/jestSummaryReporter.js', { outputFile: summaryFile }]] : ['default'],
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...base, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.ts'] },
		{ ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
	],
};
