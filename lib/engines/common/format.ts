/** Number formatting for sentences. */
export function gib(bytes: number): string {
	return (bytes / 1024 ** 3).toFixed(1);
}
