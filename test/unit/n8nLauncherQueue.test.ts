import * as path from 'node:path';
import { resolveSettings } from '../../scripts/n8n/settings';

const clean = { OVERLAY_N8N_MODE: undefined, N8N_USER_FOLDER: undefined, OVERLAY_N8N_WORKER_CONCURRENCY: undefined };

describe('launcher settings for queue mode', () => {
	test('regular by default; queue from the option or OVERLAY_N8N_MODE, with its own user folder and 2 workers', () => {
		const regular = resolveSettings({ env: clean });
		expect([regular.mode, regular.userFolder]).toEqual(['regular', path.join(regular.cacheDir, 'user')]);
		for (const settings of [resolveSettings({ mode: 'queue', env: clean }), resolveSettings({ env: { ...clean, OVERLAY_N8N_MODE: 'queue' } })]) {
			expect([settings.mode, settings.workers, settings.userFolder]).toEqual(['queue', 2, path.join(settings.cacheDir, 'user-queue')]);
		}
		expect(resolveSettings({ mode: 'queue', workers: '3', env: { ...clean, N8N_USER_FOLDER: '/tmp/x' } })).toMatchObject({ workers: 3, userFolder: '/tmp/x' });
	});

	test('a mode or worker count that means nothing is refused with what is allowed', () => {
		expect(() => resolveSettings({ env: { ...clean, OVERLAY_N8N_MODE: 'cluster' } })).toThrow(/OVERLAY_N8N_MODE must be "regular" or "queue", got "cluster"/);
		expect(() => resolveSettings({ mode: 'queue', workers: '0', env: clean })).toThrow(/--workers must be a whole number from 1/);
		expect(() => resolveSettings({ mode: 'queue', workers: 'two', env: clean })).toThrow(/--workers/);
		expect(() => resolveSettings({ mode: 'queue', workerConcurrency: '0', env: clean })).toThrow(/--worker-concurrency \(OVERLAY_N8N_WORKER_CONCURRENCY\) must be a whole number from 1, got "0"/);
		expect(() => resolveSettings({ mode: 'queue', env: { ...clean, OVERLAY_N8N_WORKER_CONCURRENCY: '2.5' } })).toThrow(/got "2.5"/);
	});

	test('jobs per worker: n8n\'s 10 by default, else the option, else OVERLAY_N8N_WORKER_CONCURRENCY', () => {
		expect(resolveSettings({ mode: 'queue', env: clean }).workerConcurrency).toBe(10);
		expect(resolveSettings({ mode: 'queue', env: { ...clean, OVERLAY_N8N_WORKER_CONCURRENCY: '4' } }).workerConcurrency).toBe(4);
		expect(resolveSettings({ mode: 'queue', workerConcurrency: '20', env: { ...clean, OVERLAY_N8N_WORKER_CONCURRENCY: '4' } }).workerConcurrency).toBe(20);
	});
});
