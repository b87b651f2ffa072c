import { checkAdapterPath, parseAllowedAdapterPaths } from '../../../lib/clients/vllm/adapterPaths';
import { OverlayError } from '../../../lib/errors';

const rules = parseAllowedAdapterPaths('/models/lora/, /srv/adapters\nhf:acme, hf:other/one');

function refusal(path: string, withRules = rules): OverlayError {
	try {
		checkAdapterPath(path, withRules);
	} catch (error) {
		return error as OverlayError;
	}
	throw new Error(`"${path}" was not refused`);
}

describe('adapter path allow-list', () => {
	it.each([
		['/models/lora/sql', '/models/lora/sql', 'local'],
		['/models/lora', '/models/lora', 'local'],
		['/srv/adapters/a/b/', '/srv/adapters/a/b', 'local'],
		['/models/lora/./x//y', '/models/lora/x/y', 'local'],
		['acme/sql-lora', 'acme/sql-lora', 'huggingface'],
		['acme/sql-lora/checkpoint-10', 'acme/sql-lora/checkpoint-10', 'huggingface'],
		['other/one', 'other/one', 'huggingface'],
	])('allows %s', (input, path, kind) => {
		expect(checkAdapterPath(input, rules)).toEqual({ path, kind });
	});

	it.each([
		['/models/lora-evil/x', 'outside the allowed prefixes'],
		['/etc/passwd', 'outside the allowed prefixes'],
		['/models/lora/../../etc', '".." segments'],
		['../models/lora/x', '".." segments'],
		['acme/../x', '".." segments'],
		['evil/repo', 'outside the allowed prefixes'],
		['other/two', 'outside the allowed prefixes'],
		['other/one-more', 'outside the allowed prefixes'],
		['sql-lora', 'neither an absolute path nor a Hugging Face repo id'],
		['~/lora', 'neither an absolute path nor a Hugging Face repo id'],
		['./lora/x', 'neither an absolute path nor a Hugging Face repo id'],
		['C:\\lora', 'backslashes'],
		['', 'empty'],
	])('refuses %s', (input, why) => {
		const error = refusal(input);
		expect(error.kind).toBe('input');
		expect(error.message).toContain(why);
		expect(error.hint).toBeTruthy();
	});

	it('allows nothing when the list is empty, and says so', () => {
		const error = refusal('/models/lora/x', parseAllowedAdapterPaths(''));
		expect(error.message).toContain('allows no adapter paths');
	});

	it('allows any path with *, still without ..', () => {
		const any = parseAllowedAdapterPaths('*');
		expect(checkAdapterPath('/anywhere/x', any).path).toBe('/anywhere/x');
		expect(checkAdapterPath('org/repo', any).kind).toBe('huggingface');
		expect(refusal('/anywhere/../x', any).message).toContain('".."');
	});

	it('rejects an allow-list entry that is neither absolute nor hf:', () => {
		expect(() => parseAllowedAdapterPaths('models/lora')).toThrow(/neither an absolute path nor an hf: prefix/);
	});
});
