// Lint as n8n lints community nodes. `eslint .`: typescript-eslint everywhere, and on nodes/,
// credentials/ and package.json the rules `n8n-node lint` applies (@n8n/node-cli's config) in
// strict form: @n8n/eslint-plugin-community-nodes' `recommended` set, n8n Cloud rules included,
// plus eslint-plugin-n8n-nodes-base. The entries of scripts/lint/community-exceptions.json (rules
// the pack knowingly breaks, with their reasons, and findings pending a fix on other branches) are
// turned off for their own file only. `npm run lint` then runs n8n's community-package scan on the
// source and on the packed tarball (scripts/lint/scan-package.ts), where those entries are matched
// finding by finding.
import { createRequire } from 'node:module';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

/** @type {{ accepted: Array<{ rule: string; file: string }>; pending: Array<{ rule: string; file: string }> }} */
const exceptions = createRequire(import.meta.url)('./scripts/lint/community-exceptions.json');
const strict = n8nCommunityNodesPlugin.configs.recommended;
const isLintedHere = (/** @type {string} */ file) => /^(nodes|credentials)\/|^package\.json$/.test(file);

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], ...strict },
	{
		files: ['package.json'],
		...strict,
		rules: { ...strict.rules, ...n8nNodesBase.configs.community.rules },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		// The plain-TypeScript core: it throws OverlayError, which nodes/common/nodeErrors.ts maps.
		files: ['lib/**/*.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Off in n8n's own configs too: inputs/outputs are NodeConnectionTypes, and some APIs have real maxima.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Off in n8n's own configs too (community-nodes' credential-password-field checks passwords better).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	...[...exceptions.accepted, ...exceptions.pending].filter((entry) => isLintedHere(entry.file)).map((entry) => ({ files: [entry.file], rules: { [entry.rule]: 'off' } })),
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
		},
	},
);
