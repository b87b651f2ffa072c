// @ts-check
/**
 * Writes jest's closing counts to the file named by the `outputFile` option, for CI's
 * `jest: N passed, N failed` line. jest.config.js adds it when OVERLAY_JEST_SUMMARY names a file,
 * so `npm test` stays the command a user types.
 */
const fs = require('node:fs');

class JestSummaryReporter {
	/**
	 * @param {unknown} _globalConfig
	 * @param {{ outputFile: string }} options
	 */
	constructor(_globalConfig, options) {
		this.outputFile = options.outputFile;
	}

	/**
	 * @param {unknown} _contexts
	 * @param {import('@jest/reporters').AggregatedResult} results
	 */
	onRunComplete(_contexts, results) {
		const { numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites } = results;
		const summary = { numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites };
		fs.writeFileSync(this.outputFile, `${JSON.stringify(summary, null, '\t')}\n`);
	}
}

module.exports = JestSummaryReporter;
