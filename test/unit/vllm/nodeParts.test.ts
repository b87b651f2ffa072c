import { VllmApi } from '../../../credentials/VllmApi.credentials';
import { adapterResults, modelResults } from '../../../nodes/VllmGenerate/methods/listSearch';
import { VllmGenerate } from '../../../nodes/VllmGenerate/VllmGenerate.node';

const listing = {
	baseModels: [{ id: 'Qwen/Qwen3-8B', root: '/models/Qwen3-8B', maxModelLen: 4096, ownedBy: 'vllm' }],
	adapters: [
		{ id: 'sql', parent: 'Qwen/Qwen3-8B', path: '/models/lora/sql' },
		{ id: 'poems', parent: 'Qwen/Qwen3-8B', path: 'acme/poem-lora' },
	],
};

describe('vLLM node parts', () => {
	it('lists base models then adapters marked with their parent, filtered', () => {
		expect(modelResults(listing)).toEqual([
			{ name: 'Qwen/Qwen3-8B (context 4096)', value: 'Qwen/Qwen3-8B' },
			{ name: 'sql (LoRA adapter of Qwen/Qwen3-8B)', value: 'sql' },
			{ name: 'poems (LoRA adapter of Qwen/Qwen3-8B)', value: 'poems' },
		]);
		expect(modelResults(listing, 'POEM').map((result) => result.value)).toEqual(['poems']);
		expect(adapterResults(listing, 'qwen').map((result) => result.value)).toEqual(['sql', 'poems']);
	});

	it('credential sends Bearer only when a key is set, and tests /v1/models', async () => {
		const credential = new VllmApi();
		expect(credential.name).toBe('vllmApi');
		expect((await credential.authenticate({ apiKey: '' }, { url: '/v1/models' })).headers).toBeUndefined();
		expect((await credential.authenticate({ apiKey: ' k1234 ' }, { url: '/v1/models', headers: { a: 'b' } })).headers).toEqual({ a: 'b', Authorization: 'Bearer k1234' });
		expect(credential.test.request.url).toBe('/v1/models');
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe('http://localhost:8000');
	});

	it('node description: name, tool use, resources and operations as in n8n\'s vendor nodes, sorted options', () => {
		const { description } = new VllmGenerate();
		expect(description.name).toBe('vllmGenerate');
		expect(description.usableAsTool).toBe(true);
		const values = (property: { options?: unknown[] } | undefined) => (property?.options ?? []).map((option) => (option as { value: string }).value);
		expect(values(description.properties.find((property) => property.name === 'resource'))).toEqual(['adapter', 'model', 'text']);
		const operations = description.properties.filter((property) => property.name === 'operation');
		expect(Object.fromEntries(operations.map((operation) => [operation.displayOptions?.show?.resource?.[0], values(operation)]))).toEqual({
			text: ['generate'],
			model: ['list'],
			adapter: ['load', 'unload'],
		});
		const options = description.properties.find((property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes('generate'));
		const names = (options?.options ?? []).map((option) => (option as { displayName: string }).displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).toEqual(expect.arrayContaining(['System Prompt', 'Temperature', 'Top K', 'Min P', 'Seed', 'Repetition Penalty', 'JSON Schema (Structured Output)', 'Reasoning Effort', 'Context Documents', 'Extra Body (JSON)', 'Timeout (Seconds)', 'Retries', 'Concurrency']));
		const concurrency = (options?.options ?? []).find((option) => (option as { name: string }).name === 'concurrency') as { default: number };
		expect(concurrency.default).toBe(8);
	});
});
