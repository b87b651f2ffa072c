import { SingleFlight } from '../../../lib/clients/vllm/singleFlight';

describe('SingleFlight', () => {
	it('runs one task per key while it is in flight, and forgets it after', async () => {
		const flight = new SingleFlight<number>();
		let runs = 0;
		const task = async () => {
			runs++;
			await new Promise((resolve) => setTimeout(resolve, 10));
			return runs;
		};
		const results = await Promise.all([flight.run('a', task), flight.run('a', task), flight.run('b', task)]);
		expect(results[0]).toBe(results[1]);
		expect(runs).toBe(2);
		expect(flight.has('a')).toBe(false);
		await flight.run('a', task);
		expect(runs).toBe(3);
	});

	it('shares a failure with the waiters, then lets the next caller retry', async () => {
		const flight = new SingleFlight<string>();
		const failing = () => Promise.reject(new Error('boom'));
		await expect(Promise.all([flight.run('k', failing), flight.run('k', failing)])).rejects.toThrow('boom');
		await expect(flight.run('k', async () => 'ok')).resolves.toBe('ok');
	});
});
