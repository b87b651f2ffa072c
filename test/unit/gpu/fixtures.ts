import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURE_DIR = resolve(__dirname, '../../fixtures/gpu');
export const FAKE_BIN_DIR = resolve(__dirname, '../../fakes/bin');

export function fixture(name: string): string {
	return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}
