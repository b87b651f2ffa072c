/**
 * Reads parameters as n8n users expect and at the least cost. A parameter whose stored value holds an
 * expression may differ from item to item, so it is read for each item; any other parameter is read
 * once per execution, on first use. Each getNodeParameter call resolves, cleans and validates the
 * value; evaluating an expression is the costly part, and a constant needs none of it twice.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

export type ItemReader<T> = (itemIndex: number) => T;

/** n8n stores an expression as a string that starts with "="; resource locators and collections nest them. */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** The value as stored in the workflow, expressions unevaluated; null when the parameter is not set. */
function storedValue(ctx: IExecuteFunctions, name: string): unknown {
	return ctx.getNodeParameter(name, 0, null, { rawExpressions: true });
}

/**
 * `read` per item when the parameter `name` holds an expression, else once. A read that throws is not
 * kept, so every item reports the error itself (and Continue on Fail pairs it).
 */
export function itemReader<T>(ctx: IExecuteFunctions, name: string, read: ItemReader<T>): ItemReader<T> {
	if (hasExpression(storedValue(ctx, name))) return read;
	let kept: { value: T } | undefined;
	return (itemIndex) => (kept ??= { value: read(itemIndex) }).value;
}

export function itemParameter<T>(ctx: IExecuteFunctions, name: string, fallback: T, extractValue = false): ItemReader<T> {
	return itemReader(ctx, name, (itemIndex) => ctx.getNodeParameter(name, itemIndex, fallback, { extractValue }) as T);
}

/** Options that hold for the whole execution: read once, from the first item (see optionOnce). */
export const READ_ONCE_OPTIONS: readonly string[] = ['concurrency', 'timeoutSeconds', 'retries'];

export type OptionParsers = Record<string, (value: unknown) => unknown>;

/**
 * The options the user added to the node's Options, each one read (and parsed by its entry in
 * `parsers`, if any) once or per item on its own: one option with an expression does not make the
 * others cost per item. Options the user did not add are absent, and so are READ_ONCE_OPTIONS and
 * those in `skip`.
 */
export function optionsReader(
	ctx: IExecuteFunctions,
	{ parsers = {}, skip = [] }: { parsers?: OptionParsers; skip?: readonly string[] } = {},
): ItemReader<IDataObject> {
	const stored = storedValue(ctx, 'options');
	const names = stored !== null && typeof stored === 'object' ? Object.keys(stored).filter((name) => !READ_ONCE_OPTIONS.includes(name) && !skip.includes(name)) : [];
	const readers = names.map((name) => {
		const path = `options.${name}`;
		const parse = parsers[name];
		return [name, itemReader(ctx, path, (itemIndex) => {
			const value = ctx.getNodeParameter(path, itemIndex, null);
			return parse ? parse(value) : value;
		})] as const;
	});
	return (itemIndex) => {
		const options: IDataObject = {};
		for (const [name, read] of readers) options[name] = read(itemIndex) as IDataObject[string];
		return options;
	};
}

/** One option read at the first item, for settings that hold for the whole execution (concurrency, timeout). */
export function optionOnce(ctx: IExecuteFunctions, name: string): unknown {
	return ctx.getNodeParameter(`options.${name}`, 0, null);
}
