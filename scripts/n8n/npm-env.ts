/**
 * The environment of the npm commands the launcher runs for n8n (Node 24, n8n, sqlite3's build, the
 * pack into n8n's nodes folder). The rule, also in the README ("Troubleshooting"):
 *
 * - What `npm start` / `npm test` add for the script they run is dropped: `npm_lifecycle_*`,
 *   `npm_package_*`, `npm_command`, `INIT_CWD`, `npm_config_local_prefix`, and the PATH entries
 *   npm put in front (the project's `node_modules/.bin` folders, npm's `node-gyp-bin`).
 * - `npm_config_<key>` for every key of the project's `.npmrc` is dropped: those are this project's
 *   settings (`ignore-scripts=true` for its own install), not the user's.
 * - Everything else stays, so the user's npm settings reach these commands: HTTPS_PROXY /
 *   HTTP_PROXY / NO_PROXY, and `npm_config_registry`, `_proxy`, `_https_proxy`, `_cafile`... whether
 *   they come from the user's environment, their ~/.npmrc (npm exports it to scripts, and the child
 *   npm reads it again anyway) or the command line (`npm start --registry=...`).
 *
 * The commands also run in a folder with its own package.json, so npm never reads the project's
 * `.npmrc` there, and they pass what they depend on as flags (`--ignore-scripts`,
 * `--ignore-scripts=false`, `--nodedir`), which beat any npmrc and environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const NPM_SCRIPT_VARIABLES = /^(npm_lifecycle_|npm_package_|npm_command$|npm_config_local_prefix$|INIT_CWD$)/i;
const NPM_CONFIG_PREFIX = /^npm_config_/i;

/** The config key an `npm_config_*` variable sets, as npm reads it (`npm_config_ignore_scripts` -> `ignore-scripts`). */
export function npmConfigKey(variable: string): string | undefined {
	if (!NPM_CONFIG_PREFIX.test(variable)) return undefined;
	const key = variable.slice('npm_config_'.length);
	return key.startsWith('//') ? key : key.replace(/(?!^)_/g, '-').toLowerCase();
}

/** The keys an .npmrc file sets (none when there is no such file). */
export function npmrcKeys(file: string): Set<string> {
	let text = '';
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return new Set();
	}
	const keys = new Set<string>();
	for (const line of text.split(/\r?\n/)) {
		const trimmed = line.trim();
		if (trimmed === '' || /^[#;[]/.test(trimmed) || !trimmed.includes('=')) continue;
		const key = trimmed.slice(0, trimmed.indexOf('=')).trim().replace(/\[\]$/, '');
		keys.add(key.startsWith('//') ? key : key.toLowerCase());
	}
	return keys;
}

/** PATH without the entries `npm run` put in front for the project at localPrefix. */
function pathWithoutNpmRunEntries(pathValue: string, localPrefix: string | undefined): string {
	const added = new Set<string>();
	for (let dir = localPrefix && path.resolve(localPrefix); dir; dir = path.dirname(dir) === dir ? undefined : path.dirname(dir)) {
		added.add(path.join(dir, 'node_modules', '.bin'));
	}
	return pathValue
		.split(path.delimiter)
		.filter((entry) => !added.has(path.resolve(entry || '.')) && !entry.endsWith(`${path.sep}node-gyp-bin`))
		.join(path.delimiter);
}

/**
 * `env` cleaned by the rule above. `projectRoot` is the project whose `.npmrc` must not leak: the one
 * the outer npm ran from (`npm_config_local_prefix`) when there is one, else the given root.
 */
export function cleanNpmEnv(env: NodeJS.ProcessEnv, projectRoot: string): NodeJS.ProcessEnv {
	const localPrefix = env.npm_config_local_prefix;
	const projectKeys = new Set([...npmrcKeys(path.join(projectRoot, '.npmrc')), ...(localPrefix ? npmrcKeys(path.join(localPrefix, '.npmrc')) : [])]);
	const out: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(env)) {
		if (NPM_SCRIPT_VARIABLES.test(name)) continue;
		const key = npmConfigKey(name);
		if (key !== undefined && projectKeys.has(key)) continue;
		out[name] = value;
	}
	if (localPrefix && env.PATH !== undefined) out.PATH = pathWithoutNpmRunEntries(env.PATH, localPrefix);
	return out;
}
