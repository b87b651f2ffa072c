/** Local paths under Allowed Sources: every escape form is refused before the file system is touched, and symlinks are judged by their real path. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLocalPath } from '../../../lib/net/localPath';
import { parseSourcePolicy } from '../../../lib/net/sourcePolicy';
import { loadModel } from '../../../lib/models/load';
import { inspectGguf } from '../../../lib/gguf';

describe('local paths', () => {
	let root: string;
	let models: string;
	let outside: string;
	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'overlay-paths-'));
		models = join(root, 'models');
		outside = join(root, 'models-evil');
		mkdirSync(join(models, 'sub'), { recursive: true });
		mkdirSync(outside);
		writeFileSync(join(models, 'sub', 'config.json'), '{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100}');
		writeFileSync(join(outside, 'secret.json'), '{"secret": true}');
		symlinkSync(join(outside, 'secret.json'), join(models, 'link-out.json'));
		symlinkSync(join(models, 'sub', 'config.json'), join(models, 'link-in.json'));
		symlinkSync(models, join(root, 'models-link'));
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	const policy = () => parseSourcePolicy(models, 'option');

	it('a file under the folder is read at its real path', async () => {
		const checked = await checkLocalPath(join(models, 'sub', 'config.json'), policy(), 'The model config path');
		expect(checked.realPath).toBe(join(models, 'sub', 'config.json'));
		expect((await loadModel(join(models, 'sub', 'config.json'), { sources: models })).numLayers).toBe(2);
	});

	it.each([
		['a ".." segment', (m: string) => `${m}/sub/../sub/config.json`, /"\.\." segments/],
		['".." escaping the folder', (m: string) => `${m}/../models-evil/secret.json`, /"\.\." segments/],
		['%2e%2e', (m: string) => `${m}/%2e%2e/models-evil/secret.json`, /%-encoded/],
		['double encoding %252e%252e', (m: string) => `${m}/%252e%252e/models-evil/secret.json`, /%-encoded/],
		['an encoded slash', (m: string) => `${m}/..%2fmodels-evil/secret.json`, /%-encoded/],
		['~', () => '~/.ssh/id_rsa', /~ is not expanded/],
		['a backslash', (m: string) => `${m}\\..\\models-evil\\secret.json`, /backslash/],
		['NUL', (m: string) => `${m}/sub/config.json\0.png`, /control character/],
		['a line break', (m: string) => `${m}/sub/config.json\n`, /control character/],
		['a relative path', () => 'models/sub/config.json', /not an absolute path/],
		['a sibling folder sharing the prefix', () => `${outside}/secret.json`, /not under an allowed folder/],
		['/etc/passwd', () => '/etc/passwd', /not under an allowed folder/],
		['a symlink out of the folder', (m: string) => `${m}/link-out.json`, /resolves \(through a symlink\)/],
		['a directory', (m: string) => `${m}/sub`, /not a regular file/],
	])('%s is refused', async (_label, path, reason) => {
		const raw = path(models);
		await expect(checkLocalPath(raw, policy(), 'The GGUF file path')).rejects.toMatchObject({ kind: 'input', message: reason });
	});

	it('the refusal names the setting and never echoes control characters', async () => {
		const error = await checkLocalPath('/etc/passwd', parseSourcePolicy('huggingface', 'default'), 'The GGUF file path').catch((e) => e);
		expect(error.message).toBe('The GGUF file path "/etc/passwd" was refused: it is not under an allowed folder (the default (Allowed Sources and OVERLAY_ALLOWED_SOURCES unset) allows huggingface).');
		expect(error.hint).toMatch(/Add its folder \(e\.g\. \/etc\) to the Allowed Sources option of Pick Quant Format or to OVERLAY_ALLOWED_SOURCES/);
		const nul = await checkLocalPath(`${models}/a\0b`, policy(), 'The GGUF file path').catch((e) => e);
		expect(nul.message).not.toContain('\0');
	});

	it('a symlink inside the folder to a file inside it, and an allowed folder that is itself a symlink, are fine', async () => {
		expect((await checkLocalPath(`${models}/link-in.json`, policy(), 'x')).realPath).toBe(join(models, 'sub', 'config.json'));
		const viaLink = parseSourcePolicy(join(root, 'models-link'), 'option');
		expect((await checkLocalPath(join(root, 'models-link', 'sub', 'config.json'), viaLink, 'x')).realPath).toBe(join(models, 'sub', 'config.json'));
	});

	it('a missing file under the folder says so; outside it, nothing about the file system is revealed', async () => {
		await expect(checkLocalPath(`${models}/absent.gguf`, policy(), 'The GGUF file path')).rejects.toMatchObject({ message: /does not exist/ });
		await expect(checkLocalPath(`${outside}/absent.gguf`, policy(), 'The GGUF file path')).rejects.toMatchObject({ message: /not under an allowed folder/ });
	});

	it('the GGUF reader and the model loader refuse the same way (default policy: no folders at all)', async () => {
		await expect(inspectGguf('/etc/passwd')).rejects.toMatchObject({ kind: 'input', message: /The GGUF file path "\/etc\/passwd" was refused/ });
		await expect(loadModel('/etc/passwd')).rejects.toMatchObject({ kind: 'input', message: /The model config path "\/etc\/passwd" was refused/ });
		await expect(loadModel('%2e%2e/%2e%2e/etc/passwd')).rejects.toMatchObject({ kind: 'input', message: /%-encoded/ });
		await expect(loadModel('file:///etc/passwd')).rejects.toMatchObject({ kind: 'input', message: /only http\(s\) URLs/ });
	});
});
