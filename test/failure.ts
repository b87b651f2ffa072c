import { OverlayError } from '../lib/errors';

/** The OverlayError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<OverlayError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(OverlayError);
		return error as OverlayError;
	}
	throw new Error('expected a failure');
}
