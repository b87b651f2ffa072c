import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { forgetLmStudioApis } from '../../../lib/clients/lmstudio';
import { searchLoadedModels, searchModels } from '../../../nodes/LmStudioGenerate/methods/listSearch';
import { startLmStudioFake, type LmStudioFake } from '../../fakes/lmStudioServer';
import { defaultFakeModels } from '../../fakes/lmStudioModels';

let fake: LmStudioFake;

function context(): ILoadOptionsFunctions {
	return { getCredentials: async () => ({ baseUrl: fake.url, apiToken: '' }) } as unknown as ILoadOptionsFunctions;
}

afterEach(async () => {
	forgetLmStudioApis();
	await fake.close();
});

it('lists chat models, loaded first, with quantization and format, filtered by text', async () => {
	fake = await startLmStudioFake({ version: '0.4.8' });
	const all = await searchModels.call(context());
	expect(all.results[0]).toEqual({ name: 'openai/gpt-oss-20b (MXFP4, gguf, loaded)', value: 'openai/gpt-oss-20b' });
	expect(all.results.map((r) => r.value)).not.toContain('text-embedding-nomic-embed-text-v1.5');
	expect((await searchModels.call(context(), 'qwen')).results.map((r) => r.value)).toEqual(['qwen2-vl-7b-instruct']);
});

it('lists loaded instances for unloading', async () => {
	const models = defaultFakeModels();
	models[0].extraInstances = 1;
	fake = await startLmStudioFake({ version: '0.4.8', models });
	const { results } = await searchLoadedModels.call(context());
	expect(results.map((r) => r.value)).toEqual(['openai/gpt-oss-20b', 'openai/gpt-oss-20b', 'openai/gpt-oss-20b:2']);
	expect(results[0].name).toMatch(/all 2 instances/);
});
