/**
 * What reaches the npm commands the launcher runs for n8n: none of this project's npm settings
 * (its .npmrc says ignore-scripts=true for its own install), none of what `npm start` adds for
 * its script, and all of the user's own npm settings (registry, proxy), checked with real npm.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureN8n } from '../../scripts/n8n/install';
import { cleanNpmEnv, npmConfigKey, npmrcKeys } from '../../scripts/n8n/npm-env';
import { PROJECT_ROOT } from '../../scripts/n8n/settings';

const NPM_TIMEOUT_MS = 120_000;
const scratchDirs: string[] = [];
const scratch = () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-npm-env-'));
	scratchDirs.push(dir);
	return dir;
};
afterAll(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** What `npm start` exports to its script in this project (recorded with npm 11), plus the user's own settings. */
function npmStartEnvironment(user: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const bins = [PROJECT_ROOT, path.dirname(PROJECT_ROOT), '/'].map((dir) => path.join(dir, 'node_modules', '.bin'));
	return {
		HOME: os.homedir(),
		PATH: [...bins, '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/usr/local/bin', '/usr/bin'].join(path.delimiter),
		INIT_CWD: PROJECT_ROOT,
		npm_command: 'run-script',
		npm_lifecycle_event: 'start',
		npm_lifecycle_script: 'tsx scripts/n8n/launch.ts start',
		npm_package_name: 'n8n-nodes-overlay-agi',
		npm_package_json: path.join(PROJECT_ROOT, 'package.json'),
		npm_config_local_prefix: PROJECT_ROOT,
		npm_config_ignore_scripts: 'true',
		npm_config_fund: '',
		npm_config_audit: '',
		npm_config_userconfig: path.join(os.homedir(), '.npmrc'),
		npm_config_cache: path.join(os.homedir(), '.npm'),
		...user,
	};
}

test('npm config variable names map to keys as npm reads them; the project .npmrc keys are read', () => {
	expect(npmConfigKey('npm_config_ignore_scripts')).toBe('ignore-scripts');
	expect(npmConfigKey('NPM_CONFIG_HTTPS_PROXY')).toBe('https-proxy');
	expect(npmConfigKey('npm_config__auth')).toBe('_auth');
	expect(npmConfigKey('HTTPS_PROXY')).toBeUndefined();
	expect(npmrcKeys(path.join(PROJECT_ROOT, '.npmrc'))).toEqual(new Set(['ignore-scripts', 'fund', 'audit']));
	expect(npmrcKeys(path.join(scratch(), '.npmrc'))).toEqual(new Set());
});

test("the project's npm settings and npm's script variables are dropped; the user's registry and proxy stay", () => {
	const user = {
		HTTPS_PROXY: 'http://proxy.corp.example:3128',
		NO_PROXY: 'localhost',
		npm_config_registry: 'https://npm.corp.example/',
		npm_config_https_proxy: 'http://proxy.corp.example:3128',
		npm_config_cafile: '/etc/ssl/corp.pem',
	};
	const env = cleanNpmEnv(npmStartEnvironment(user), PROJECT_ROOT);
	expect(env).toEqual({
		HOME: os.homedir(),
		PATH: ['/usr/local/bin', '/usr/bin'].join(path.delimiter),
		npm_config_userconfig: path.join(os.homedir(), '.npmrc'),
		npm_config_cache: path.join(os.homedir(), '.npm'),
		...user,
	});
});

test('outside `npm start` the environment is the user\'s own: only the project .npmrc keys are dropped, PATH is kept', () => {
	const env = cleanNpmEnv({ PATH: `${path.join(PROJECT_ROOT, 'node_modules', '.bin')}:/usr/bin`, npm_config_registry: 'https://npm.corp.example/', npm_config_ignore_scripts: 'true' }, PROJECT_ROOT);
	expect(env).toEqual({ PATH: `${path.join(PROJECT_ROOT, 'node_modules', '.bin')}:/usr/bin`, npm_config_registry: 'https://npm.corp.example/' });
});

function npmConfigGet(keys: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('npm', ['config', 'get', ...keys], { cwd, env }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
	});
}

test(
	'real npm, run the way the launcher runs it, sees ignore-scripts=false and the user\'s registry',
	async () => {
		const prefix = scratch();
		fs.writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
		const env = cleanNpmEnv({ ...process.env, ...npmStartEnvironment({ npm_config_registry: 'https://npm.corp.example/' }), PATH: process.env.PATH }, PROJECT_ROOT);
		expect(await npmConfigGet(['ignore-scripts', 'registry'], prefix, env)).toBe('ignore-scripts=false\nregistry=https://npm.corp.example/\n');
	},
	NPM_TIMEOUT_MS,
);

test(
	"the launcher's n8n install goes through the user's HTTP proxy to the user's registry",
	async () => {
		const requests: string[] = [];
		const proxy = http.createServer((request, response) => {
			requests.push(`${request.method} ${request.url}`);
			response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		const user = { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, npm_config_registry: 'http://registry.corp.invalid/' };
		const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(no_proxy|npm_config_noproxy|npm_config_proxy|npm_config_https_proxy)$/i.test(name)));
		const node = { nodeBin: process.execPath, nodeDir: path.resolve(path.dirname(process.execPath), '..'), version: process.versions.node };
		try {
			const install = ensureN8n({ cacheDir: scratch(), node, log: () => undefined, env: npmStartEnvironment({ ...base, ...user, PATH: process.env.PATH }) });
			await expect(install).rejects.toThrow(/npm install .* n8n@2\.41\.1 failed/);
		} finally {
			await new Promise((resolve) => proxy.close(resolve));
		}
		expect(requests).toContain('GET http://registry.corp.invalid/n8n');
	},
	NPM_TIMEOUT_MS,
);
