/** A command line a user can paste: environment prefix, program, arguments quoted for a POSIX shell. */

export function shellQuote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(env: Record<string, string>, program: string, args: string[]): string {
	const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
	return [...prefix, program, ...args.map(shellQuote)].join(' ');
}
