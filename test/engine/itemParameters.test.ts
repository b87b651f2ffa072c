/** Parameters read once or per item, decided by what n8n stored: checked inside the real engine with a probe node. */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { inputError } from '../../lib/errors';
import { itemReader, optionsReader } from '../../nodes/common/itemParameters';
import { runItems } from '../../nodes/common/runItems';
import { runNode } from './harness';

const reads: Record<string, number> = {};

class Probe implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'A', name: 'a', type: 'string', default: '' },
					{ displayName: 'B', name: 'b', type: 'string', default: '' },
				],
			},
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const value = itemReader(this, 'value', (itemIndex) => {
			reads.value = (reads.value ?? 0) + 1;
			const text = this.getNodeParameter('value', itemIndex) as string;
			if (text === 'fail') throw inputError('value says fail');
			return text;
		});
		const count = (name: string) => (raw: unknown) => {
			reads[name] = (reads[name] ?? 0) + 1;
			return raw;
		};
		const options = optionsReader(this, { parsers: { a: count('a'), b: count('b') } });
		return [await runItems(this, async ({ itemIndex }) => ({ value: value(itemIndex), ...options(itemIndex) }), { concurrency: 2 })];
	}
}

const items = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];

beforeEach(() => {
	for (const key of Object.keys(reads)) delete reads[key];
});

test('a parameter without an expression is read once, one with an expression per item', async () => {
	const constant = await runNode(new Probe(), { value: 'same' }, { items });
	expect(constant.last.json.map((json) => json.value)).toEqual(['same', 'same', 'same', 'same']);
	expect(reads.value).toBe(1);

	delete reads.value;
	const varying = await runNode(new Probe(), { value: '=item {{ $json.n }}' }, { items });
	expect(varying.last.json.map((json) => json.value)).toEqual(['item 1', 'item 2', 'item 3', 'item 4']);
	expect(reads.value).toBe(4);
});

test('in a collection, each option is read once or per item on its own; options not added are absent', async () => {
	const result = await runNode(new Probe(), { value: 'x', options: { a: 'fixed', b: '={{ $json.n * 10 }}' } }, { items });
	expect(result.last.json.map((json) => [json.a, json.b])).toEqual([['fixed', 10], ['fixed', 20], ['fixed', 30], ['fixed', 40]]);
	expect(reads).toMatchObject({ a: 1, b: 4 });

	const none = await runNode(new Probe(), { value: 'x' }, { items: [{}] });
	expect(none.last.json[0]).toEqual({ value: 'x' });
});

test('a constant that fails to read is every item\'s own error, paired', async () => {
	const result = await runNode(new Probe(), { value: 'fail' }, { items: [{}, {}], continueOnFail: true });
	expect(result.last.json).toEqual([{ error: 'Item 0: value says fail' }, { error: 'Item 1: value says fail' }]);
	expect(result.last.pairedItems).toEqual([0, 1]);
});
