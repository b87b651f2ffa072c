/** The shared item runner inside the real engine: order, pairing, Continue on Fail, cancellation. */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { inputError, OverlayError } from '../../lib/errors';
import { runItems } from '../../nodes/common/runItems';
import { runNode } from './harness';
import { eventually } from '../eventually';

class Probe implements INodeType {
	inFlight = 0;
	maxInFlight = 0;
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 1 }],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const probe = PROBE;
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		return [
			await runItems(
				this,
				async ({ itemIndex, signal }) => {
					const input = this.getInputData()[itemIndex].json as { delay: number; fail?: string; hang?: boolean };
					probe.inFlight++;
					probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight);
					try {
						await new Promise<void>((resolve, reject) => {
							const timer = setTimeout(resolve, input.hang ? 60_000 : input.delay);
							signal.addEventListener('abort', () => {
								clearTimeout(timer);
								reject(new OverlayError('cancelled', 'stopped'));
							});
						});
						if (input.fail === 'input') throw inputError('the value is wrong', 'set it right');
						if (input.fail === 'http') throw new OverlayError('http', 'server said no', { httpStatus: 503, hint: 'retry later' });
						if (input.fail === 'http-without-hint') throw new OverlayError('http', 'server said 422', { httpStatus: 422 });
						return { echoed: itemIndex };
					} finally {
						probe.inFlight--;
					}
				},
				{ concurrency },
			),
		];
	}
}
let PROBE = new Probe();

beforeEach(() => {
	PROBE = new Probe();
});

test('output follows input order and pairing whatever finishes first', async () => {
	const items = [40, 5, 30, 1, 20, 10].map((delay) => ({ delay }));
	const result = await runNode(PROBE, { concurrency: 4 }, { items });
	expect(result.status).toBe('success');
	expect(result.last.json.map((j) => j.echoed)).toEqual([0, 1, 2, 3, 4, 5]);
	expect(result.last.pairedItems).toEqual([0, 1, 2, 3, 4, 5]);
	expect(PROBE.maxInFlight).toBe(4);
});

test('concurrency 1 runs items one after another', async () => {
	await runNode(PROBE, { concurrency: 1 }, { items: [{ delay: 5 }, { delay: 5 }, { delay: 5 }] });
	expect(PROBE.maxInFlight).toBe(1);
});

test('Continue on Fail: failed items become paired error items, the others come out', async () => {
	const items = [{ delay: 5 }, { delay: 1, fail: 'input' }, { delay: 3 }, { delay: 2, fail: 'http' }];
	const result = await runNode(PROBE, { concurrency: 2 }, { items, continueOnFail: true });
	expect(result.status).toBe('success');
	expect(result.last.pairedItems).toEqual([0, 1, 2, 3]);
	expect(result.last.json[0]).toEqual({ echoed: 0 });
	expect(result.last.json[1]).toEqual({ error: 'Item 1: the value is wrong', hint: 'set it right' });
	expect(result.last.json[2]).toEqual({ echoed: 2 });
	expect(result.last.json[3]).toMatchObject({ error: 'Item 3: server said no', hint: 'retry later', httpCode: '503' });
});

test('without Continue on Fail the first failure stops the node with an error naming the item', async () => {
	const result = await runNode(PROBE, { concurrency: 1 }, { items: [{ delay: 1 }, { delay: 1, fail: 'input' }, { delay: 1 }] });
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('Item 1: the value is wrong');
	expect(result.error?.description).toBe('set it right');
	expect(result.error?.name).toBe('NodeOperationError');
});

test('an http failure becomes a NodeApiError that keeps our message', async () => {
	const result = await runNode(PROBE, {}, { items: [{ delay: 1, fail: 'http' }] });
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toBe('Item 0: server said no');
	expect(result.error?.httpCode).toBe('503');
});

test('an http failure without a hint gets no hint, not its own message repeated as one', async () => {
	const stopped = await runNode(PROBE, {}, { items: [{ delay: 1, fail: 'http-without-hint' }] });
	expect(stopped.error?.message).toBe('Item 0: server said 422');
	expect(stopped.error?.description ?? undefined).toBeUndefined();
	const continued = await runNode(PROBE, {}, { items: [{ delay: 1, fail: 'http-without-hint' }], continueOnFail: true });
	expect(continued.last.json[0]).toEqual({ error: 'Item 0: server said 422', httpCode: '422' });
});

test('cancelling the execution aborts items in flight', async () => {
	const started = Date.now();
	const result = await runNode(PROBE, { concurrency: 3 }, { items: [{ hang: true }, { hang: true }, { hang: true }], cancelAfterMs: 100 });
	expect(result.status).toBe('canceled');
	// The aborted handlers settle asynchronously; then nothing may still be running.
	expect(await eventually(() => PROBE.inFlight, (count) => count === 0)).toBe(0);
	expect(Date.now() - started).toBeLessThan(5_000);
});

test('On Error "Continue (using error output)": failed items go to the error output with the fix kept on the error', async () => {
	const items = [{ delay: 1 }, { delay: 1, fail: 'input' }, { delay: 1, fail: 'http' }];
	const result = await runNode(PROBE, { concurrency: 2 }, { items, onError: 'continueErrorOutput' });
	expect(result.status).toBe('success');
	const main = result.run.data.resultData.runData.Probe[0].data!.main;
	expect(main[0]!.map((item) => item.json)).toEqual([{ echoed: 0 }]);
	const errors = main[1]!;
	expect(errors.map((item) => item.json.error)).toEqual(['Item 1: the value is wrong', 'Item 2: server said no']);
	expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	expect(errors[0].error?.description).toBe('set it right');
	expect((errors[1].error as { httpCode?: string } | undefined)?.httpCode).toBe('503');
});
