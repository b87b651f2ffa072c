/**
 * What both Generate nodes send for an item: the prompt (or a whole conversation), the system prompt,
 * context documents, sampling, a JSON schema and the reasoning effort, with the same parameter names
 * in both. Each setting costs per item only when an expression makes it differ (see itemParameters).
 *
 * The fast path for many items is Prompt Source "From Input Field": the prompt is read straight from
 * each item's JSON, with no expression to evaluate per item.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseMessages, type ChatMessage, type ContextDocument, type SamplingOptions } from '../../lib/clients/openaiCompatible';
import { inputError } from '../../lib/errors';
import {
	contextDocumentFields,
	includeRawField,
	jsonSchemaField,
	messagesField,
	optionsCollection,
	readContextDocuments,
	readJsonObject,
	readJsonParameter,
	readSamplingOptions,
	readString,
	reasoningEffortField,
	requestOptionFields,
	samplingOptionFields,
	systemPromptField,
} from './descriptions';
import { itemParameter, optionsReader, type ItemReader, type OptionParsers } from './itemParameters';

const showForDefine = { show: { promptSource: ['define'] } };
const showForField = { show: { promptSource: ['field'] } };

export const promptFields: INodeProperties[] = [
	{
		displayName: 'Prompt Source',
		name: 'promptSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Define Below', value: 'define', description: 'Write the prompt here, or build it per item with an expression' },
			{
				name: 'From Input Field',
				value: 'field',
				description: 'Read the prompt (or a conversation) from a field of each input item, without an expression per item: the fastest way for many items',
			},
		],
		default: 'define',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. {{ $json.body.prompt }}',
		description: 'The user message',
		displayOptions: showForDefine,
	},
	{
		displayName: 'Prompt Field',
		name: 'promptField',
		type: 'string',
		noDataExpression: true,
		default: 'prompt',
		placeholder: 'e.g. prompt or body.prompt',
		description: 'The input field that holds the prompt text; a dot reaches into nested fields',
		displayOptions: showForField,
	},
	{
		displayName: 'Messages Field',
		name: 'messagesField',
		type: 'string',
		noDataExpression: true,
		default: '',
		placeholder: 'e.g. messages',
		description:
			'Optional: the input field that holds a whole conversation, [{"role":"user","content":"..."}]. An item that has it sends it instead of the prompt (chat only).',
		displayOptions: showForField,
	},
];

/** Generate's Options: the shared ones, plus the node's own (an own field named like a shared one replaces it). */
export function generateOptions(defaultConcurrency: number, own: INodeProperties[]): INodeProperties {
	const shared = [systemPromptField, messagesField, ...samplingOptionFields, ...contextDocumentFields, jsonSchemaField, reasoningEffortField, includeRawField, ...requestOptionFields(defaultConcurrency)];
	const ownNames = new Set(own.map((field) => field.name));
	return optionsCollection([...shared.filter((field) => !ownNames.has(field.name)), ...own]);
}

export type ReasoningEffort = 'low' | 'medium' | 'high';

export interface GenerateInput {
	prompt?: string;
	messages?: ChatMessage[];
	systemPrompt?: string;
	contextDocuments: ContextDocument[];
	contextTemplate?: string;
	sampling: SamplingOptions;
	jsonSchema?: Record<string, unknown>;
	reasoningEffort?: ReasoningEffort;
	includeRaw: boolean;
}

type PromptInput = Pick<GenerateInput, 'prompt' | 'messages'>;

function parseMessagesOption(value: unknown, what: string): ChatMessage[] | undefined {
	const parsed = readJsonParameter(value, what);
	return parsed === undefined ? undefined : parseMessages(parsed);
}

const sharedParsers: OptionParsers = {
	messages: (value) => parseMessagesOption(value, 'Messages (JSON)'),
	contextDocuments: readContextDocuments,
	jsonSchema: (value) => readJsonObject(value, 'JSON Schema (Structured Output)'),
};

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** An own field of the item, or a nested one through dots ("body.prompt"); a field whose name has dots wins. */
function fieldValue(json: IDataObject, path: string): unknown {
	if (hasOwn(json, path)) return json[path];
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object' || !hasOwn(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function promptFromFields(json: IDataObject, promptField: string, messagesField: string): PromptInput {
	const conversation = messagesField ? fieldValue(json, messagesField) : undefined;
	if (conversation !== undefined && conversation !== null) return { messages: parseMessagesOption(conversation, `Field "${messagesField}"`) };
	const prompt = fieldValue(json, promptField);
	if (typeof prompt === 'string' && prompt.trim() !== '') return { prompt };
	if (typeof prompt === 'number') return { prompt: String(prompt) };
	const hint = `Prompt Source is "From Input Field": give each item a "${promptField}" text field, change Prompt Field, or set Prompt Source to "Define Below".`;
	if (prompt === undefined || prompt === null || typeof prompt === 'string') {
		throw inputError(`There is no text in the input field "${promptField}"${messagesField ? ` and no "${messagesField}" field` : ''}.`, hint);
	}
	const kind = Array.isArray(prompt) ? 'a list' : typeof prompt === 'object' ? 'an object' : `a ${typeof prompt}`;
	throw inputError(`The input field "${promptField}" holds ${kind}, not text.`, hint);
}

function fieldPromptReader(ctx: IExecuteFunctions): (itemIndex: number) => PromptInput {
	const items = ctx.getInputData();
	const promptField = String(ctx.getNodeParameter('promptField', 0, 'prompt')).trim() || 'prompt';
	const messagesField = String(ctx.getNodeParameter('messagesField', 0, '')).trim();
	return (itemIndex) => promptFromFields(items[itemIndex].json, promptField, messagesField);
}

export interface GenerateItem {
	input: GenerateInput;
	/** Every option the user added, parsed, for the node's own ones (e.g. Extra Body). */
	options: IDataObject;
}

/** Reads an item's generation input; `parsers` parse the node's own options. */
export function generateInputReader(ctx: IExecuteFunctions, parsers: OptionParsers = {}): ItemReader<GenerateItem> {
	const fromField = ctx.getNodeParameter('promptSource', 0, 'define') === 'field';
	const fieldPrompt = fromField ? fieldPromptReader(ctx) : undefined;
	const prompt = itemParameter(ctx, 'prompt', '');
	const options = optionsReader(ctx, { parsers: { ...sharedParsers, ...parsers }, skip: fromField ? ['messages'] : [] });
	const promptOf = (itemIndex: number, values: IDataObject): PromptInput =>
		fieldPrompt ? fieldPrompt(itemIndex) : { prompt: prompt(itemIndex), messages: values.messages as ChatMessage[] | undefined };
	return (itemIndex) => {
		const values = options(itemIndex);
		return {
			input: {
				...promptOf(itemIndex, values),
				systemPrompt: readString(values.systemPrompt),
				contextDocuments: (values.contextDocuments as ContextDocument[] | undefined) ?? [],
				contextTemplate: readString(values.contextTemplate),
				sampling: readSamplingOptions(values),
				jsonSchema: values.jsonSchema as Record<string, unknown> | undefined,
				reasoningEffort: (values.reasoningEffort as ReasoningEffort | '' | undefined) || undefined,
				includeRaw: values.includeRaw === true,
			},
			options: values,
		};
	};
}
