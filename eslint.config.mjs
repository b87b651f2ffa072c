// n8n's community-node rules (the set n8n's own node CLI applies, without the n8n Cloud-only
// import/global restrictions: this pack runs processes and talks to local servers, so it targets
// self-hosted n8n), plus eslint-plugin-n8n-nodes-base on nodes and credentials.
import tseslint from 'typescript-eslint';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const legacyRules = (config) => config.rules;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	...tseslint.configs.recommended,
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		...communityNodes.configs.recommendedWithoutN8nCloudSupport,
		rules: {
			...communityNodes.configs.recommendedWithoutN8nCloudSupport.rules,
			// The user chose axios, zod and friends as runtime dependencies (see README, "Design").
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// The rule reads the icon from the class body only; our descriptions live in description.ts.
			// test/unit/package.test.ts checks every node's and credential's icon file instead.
			'@n8n/community-nodes/icon-validation': 'off',
		},
	},
	{
		// The plain-TypeScript core: it throws OverlayError, which nodes/shared/nodeErrors.ts maps.
		files: ['lib/**/*.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacyRules(n8nNodesBase.configs.nodes),
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			// Our nodes are programmatic; these rules assume the declarative layout of one big description file.
			'n8n-nodes-base/node-filename-against-convention': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacyRules(n8nNodesBase.configs.credentials),
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
		},
	},
);
