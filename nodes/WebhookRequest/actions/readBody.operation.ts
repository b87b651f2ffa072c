/**
 * Read Body: the webhook body within a byte size and nesting depth, checked against the declared
 * fields. Clean fields go to the Valid output; a body that breaks a limit or a field rule goes to
 * Rejected as the HTTP answer for Respond to Webhook (status 400, or 413 when too large). The body
 * itself never leaves this node, so nothing after it (a Code node, an expression) can choke on it.
 */
import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { DEFAULT_LIMITS, declareFields, readBody, type Body, type FieldDeclaration, type UnknownFields } from '../../../lib/request';
import { FIELD_TYPES } from '../../../lib/request/fields';
import { runItems } from '../../common/runItems';

const TYPE_NAMES: Record<(typeof FIELD_TYPES)[number], { name: string; description: string }> = {
	string: { name: 'String', description: 'Text, trimmed; blank counts as left out' },
	number: { name: 'Number', description: 'A number, or a string that is one' },
	wholeNumber: { name: 'Whole Number', description: 'An integer, or a string of digits' },
	boolean: { name: 'Boolean', description: 'True or false (or the strings "true" / "false")' },
	stringList: { name: 'List of Strings', description: 'An array of strings; a single string counts as a list of one' },
	json: { name: 'Any JSON', description: 'Any value, within the body limits' },
};

const properties: INodeProperties[] = [
	{
		displayName: 'Body Source',
		name: 'bodySource',
		type: 'options',
		options: [
			{ name: 'Parsed Body (JSON Field)', value: 'json', description: 'The body n8n parsed, from a field of the input item (the Webhook node puts it in "body")' },
			{ name: 'Raw Body (Binary Property)', value: 'binary', description: 'The bytes the client sent, from the Webhook node with Options > Raw Body on; read as JSON whatever the Content-Type' },
		],
		default: 'json',
	},
	{
		displayName: 'Body Field',
		name: 'bodyField',
		type: 'string',
		default: 'body',
		displayOptions: { show: { bodySource: ['json'] } },
		description: 'The field of the input item that holds the body; dots go into nested fields',
	},
	{
		displayName: 'Binary Property',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		displayOptions: { show: { bodySource: ['binary'] } },
		description: 'The binary property with the raw body (the Webhook node names it "data")',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'The fields the body may have. Each comes out with its clean value, or its default (null, or [] for a list) when left out.',
		options: [
			{
				displayName: 'Field',
				name: 'values',
				values: [
					{
						displayName: 'Allowed Values',
						name: 'allowedValues',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['string'] } },
						placeholder: 'e.g. low, medium, high',
						description: 'Comma-separated; empty takes any string',
					},
					{
						displayName: 'Default',
						name: 'defaultValue',
						type: 'string',
						default: '',
						displayOptions: { show: { required: [false] } },
						placeholder: 'e.g. 32768',
						description: 'The value when the field is left out, written as text: a number, true or false, a comma-separated list, or JSON',
					},
					{
						displayName: 'Maximum',
						name: 'max',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['number', 'wholeNumber'] } },
						placeholder: 'no maximum',
					},
					{
						displayName: 'Minimum',
						name: 'min',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['number', 'wholeNumber'] } },
						placeholder: 'no minimum',
					},
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. prompt', description: 'The key in the JSON body' },
					{
						displayName: 'Needs Field',
						name: 'needs',
						type: 'string',
						default: '',
						placeholder: 'e.g. adapter',
						description: 'Another declared field that must be given whenever this one is',
					},
					{ displayName: 'Required', name: 'required', type: 'boolean', default: false, description: 'Whether a body without this field is rejected' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: FIELD_TYPES.map((value) => ({ value, ...TYPE_NAMES[value] })),
						default: 'string',
					},
				],
			},
		],
	},
	{
		displayName: 'Hint',
		name: 'hint',
		type: 'string',
		default: '',
		placeholder: 'e.g. Send JSON such as {"prompt": "Hello"}',
		description: 'What a rejected caller should send instead (the "hint" of the 400 answer). Empty: the declared fields in words.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Body Size (Bytes)',
				name: 'maxBytes',
				type: 'number',
				typeOptions: { minValue: 2 },
				default: 1048576,
				description: 'A larger body is rejected with status 413. n8n itself refuses bodies over N8N_PAYLOAD_SIZE_MAX (16 MiB by default) before any node runs.',
			},
			{
				displayName: 'Max Nesting Depth',
				name: 'maxDepth',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 32,
				description: 'Levels of objects and arrays (the body itself is level 1); a deeper body is rejected with status 400',
			},
			{
				displayName: 'Unknown Fields',
				name: 'unknownFields',
				type: 'options',
				options: [
					{ name: 'Ignore', value: 'ignore', description: 'Leave them out of the output' },
					{ name: 'Reject', value: 'reject', description: 'Reject the body, naming them' },
					{ name: 'Keep', value: 'keep', description: 'Pass them on as they are (within the limits)' },
				],
				default: 'ignore',
				description: 'What to do with body fields that are not declared',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['readBody'] } }, properties);

interface Options {
	maxBytes?: number;
	maxDepth?: number;
	unknownFields?: UnknownFields;
}

/** A dotted path read one own property at a time. */
function fieldAt(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.').filter(Boolean)) {
		if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

async function bodyOf(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): Promise<Body> {
	if (ctx.getNodeParameter('bodySource', itemIndex) === 'binary') {
		const property = String(ctx.getNodeParameter('binaryProperty', itemIndex)).trim();
		if (!item.binary?.[property]) {
			throw new NodeOperationError(ctx.getNode(), `The input item has no binary property "${property}".`, {
				itemIndex,
				description: 'Turn on Options > Raw Body in the Webhook node (it puts the body in "data"), or read the Parsed Body instead.',
			});
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		return { text: buffer.toString('utf8'), byteLength: buffer.length };
	}
	const value = fieldAt(item.json, String(ctx.getNodeParameter('bodyField', itemIndex)));
	return typeof value === 'string' ? { text: value, byteLength: Buffer.byteLength(value, 'utf8') } : { parsed: value };
}

export const VALID = 0;
export const REJECTED = 1;

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const routes: number[] = [];
	const results = await runItems(this, async ({ itemIndex }) => {
		const declarations = this.getNodeParameter('fields.values', itemIndex, []) as FieldDeclaration[];
		const options = this.getNodeParameter('options', itemIndex, {}) as Options;
		const outcome = readBody(await bodyOf(this, items[itemIndex], itemIndex), {
			fields: declareFields(declarations),
			limits: { maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes, maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth },
			unknownFields: options.unknownFields,
			hint: String(this.getNodeParameter('hint', itemIndex, '')),
		});
		routes[itemIndex] = outcome.valid ? VALID : REJECTED;
		return (outcome.valid ? outcome.fields : outcome.answer) as IDataObject;
	});
	const outputs: INodeExecutionData[][] = [[], []];
	for (const item of results) {
		const paired = item.pairedItem as { item: number };
		// A failed item (Continue on Fail) has no route: it goes out first, where n8n looks for errors.
		outputs[routes[paired.item] ?? VALID].push(item);
	}
	return outputs;
}
