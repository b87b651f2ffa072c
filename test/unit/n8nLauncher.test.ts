import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLock } from '../../scripts/n8n/install';
import { credentialRecords } from '../../scripts/n8n/provision';
import { CREDENTIALS, ensureEncryptionKey, n8nEnvironment, resolveSettings } from '../../scripts/n8n/settings';
import { readWorkflows } from '../../scripts/n8n/workflows';

const scratchDirs: string[] = [];
const scratch = () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-launcher-'));
	scratchDirs.push(dir);
	return dir;
};
afterAll(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('launcher settings', () => {
	test('defaults: port 5678, broker on the next port, local server URLs, user folder in the cache', () => {
		const settings = resolveSettings({ env: { N8N_PORT: undefined, N8N_USER_FOLDER: undefined, VLLM_BASE_URL: undefined, LMSTUDIO_BASE_URL: undefined, N8N_RUNNERS_BROKER_PORT: undefined } });
		expect(settings.port).toBe(5678);
		expect(settings.brokerPort).toBe(5679);
		expect(settings.userFolder).toBe(path.join(settings.cacheDir, 'user'));
		expect(settings.credentialValues.vllm.baseUrl).toBe('http://localhost:8000');
		expect(settings.credentialValues.lmStudio.baseUrl).toBe('http://localhost:1234');
	});

	test('environment variables override every default', () => {
		const settings = resolveSettings({
			env: {
				N8N_PORT: '7000',
				N8N_USER_FOLDER: '/tmp/somewhere',
				VLLM_BASE_URL: 'http://gpu-box:8000',
				VLLM_API_KEY: 'k',
				VLLM_ADAPTER_PATHS: '/adapters',
				LMSTUDIO_BASE_URL: 'http://mac:1234',
				LMSTUDIO_API_TOKEN: 't',
			},
		});
		expect([settings.port, settings.brokerPort, settings.userFolder]).toEqual([7000, 7001, '/tmp/somewhere']);
		expect(credentialRecords(settings.credentialValues)).toEqual([
			{ ...CREDENTIALS.vllm, data: { baseUrl: 'http://gpu-box:8000', apiKey: 'k', allowedAdapterPaths: '/adapters' } },
			{ ...CREDENTIALS.lmStudio, data: { baseUrl: 'http://mac:1234', apiToken: 't' } },
		]);
	});

	test('a port that is not a number is refused', () => {
		expect(() => resolveSettings({ env: { N8N_PORT: 'abc' } })).toThrow(/N8N_PORT must be a port number/);
	});

	test("n8n gets loopback-only, offline settings, never NODE_ENV=test, and none of this project's npm settings", () => {
		const settings = resolveSettings({ port: 6100, env: { NODE_ENV: 'test', N8N_DIAGNOSTICS_ENABLED: 'true', npm_config_ignore_scripts: 'true', npm_lifecycle_event: 'start', npm_config_registry: 'https://npm.corp.example/' } });
		const env = n8nEnvironment(settings, { nodeBin: '/opt/node24/bin/node' }, 'key');
		// n8n runs npm itself when a user installs a community package from the editor.
		expect([env.npm_config_ignore_scripts, env.npm_lifecycle_event, env.npm_config_registry]).toEqual([undefined, undefined, 'https://npm.corp.example/']);
		expect(env).toMatchObject({ N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: '6100', N8N_RUNNERS_BROKER_PORT: '6101', N8N_ENCRYPTION_KEY: 'key', N8N_DISABLED_MODULES: 'mcp-registry' });
		expect(env.NODE_ENV).toBeUndefined();
		expect(env.N8N_DIAGNOSTICS_ENABLED).toBe('true');
		expect(env.PATH?.startsWith(`/opt/node24/bin${path.delimiter}`)).toBe(true);
	});
});

describe('encryption key', () => {
	test('generated once, random, private, then reused', () => {
		const first = scratch();
		const key = ensureEncryptionKey(first);
		expect(key.length).toBeGreaterThanOrEqual(32);
		expect(ensureEncryptionKey(first)).toBe(key);
		expect(fs.statSync(path.join(first, '.n8n', 'config')).mode & 0o777).toBe(0o600);
		expect(ensureEncryptionKey(scratch())).not.toBe(key);
	});
});

describe('install lock', () => {
	test('a lock left by a process that is gone is taken over', async () => {
		const lock = path.join(scratch(), '.install-lock');
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'pid'), '2147483646');
		await expect(withLock(lock, () => undefined, async () => 'done')).resolves.toBe('done');
		expect(fs.existsSync(lock)).toBe(false);
	});

	test('a live owner is waited for', async () => {
		const lock = path.join(scratch(), '.install-lock');
		const order: string[] = [];
		const first = withLock(lock, () => undefined, async () => {
			await new Promise((resolve) => setTimeout(resolve, 1500));
			order.push('first');
		});
		const second = withLock(lock, () => undefined, async () => {
			order.push('second');
		});
		await Promise.all([first, second]);
		expect(order).toEqual(['first', 'second']);
	}, 10_000);
});

describe('workflow files', () => {
	test('webhooks are read with method and path; a file without id is refused', () => {
		const dir = scratch();
		const webhook = { name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'POST', path: '/overlay/x' } };
		fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ id: 'wfA', name: 'A', nodes: [webhook, { ...webhook, name: 'Off', disabled: true }] }));
		expect(readWorkflows(dir)).toEqual([{ file: path.join(dir, 'a.json'), id: 'wfA', name: 'A', webhooks: [{ node: 'Hook', method: 'POST', path: 'overlay/x' }] }]);
		fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ name: 'B', nodes: [] }));
		expect(() => readWorkflows(dir)).toThrow(/b\.json has no "id"/);
	});
});
