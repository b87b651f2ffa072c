/**
 * Hand-written checks of the completion answers, for the hot path: each accepts only what its zod
 * schema in openaiCompatible.ts accepts (test/unit/clients/completionShapes.test.ts compares them),
 * so HttpClient skips zod when a check passes and lets zod word the error when it fails.
 */
import type { ChatCompletionBody, TextCompletionBody } from './openaiCompatible';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOptionalString(value: unknown): boolean {
	return value === undefined || value === null || typeof value === 'string';
}

export function isOptionalNumber(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'number' && !Number.isNaN(value));
}

function isUsage(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	return isObject(value) && isOptionalNumber(value.prompt_tokens) && isOptionalNumber(value.completion_tokens) && isOptionalNumber(value.total_tokens);
}

function hasChoices(body: Json, isChoice: (choice: unknown) => boolean): boolean {
	const { choices } = body;
	if (!Array.isArray(choices) || choices.length === 0) return false;
	for (const choice of choices) if (!isChoice(choice)) return false;
	return true;
}

function isChatChoice(choice: unknown): boolean {
	if (!isObject(choice) || !isOptionalString(choice.finish_reason)) return false;
	const message = choice.message;
	return isObject(message) && isOptionalString(message.content) && isOptionalString(message.reasoning) && isOptionalString(message.reasoning_content);
}

function isTextChoice(choice: unknown): boolean {
	return isObject(choice) && isOptionalString(choice.text) && isOptionalString(choice.finish_reason);
}

export function isChatCompletion(value: unknown): value is ChatCompletionBody {
	return isObject(value) && isOptionalString(value.model) && isUsage(value.usage) && hasChoices(value, isChatChoice);
}

export function isTextCompletion(value: unknown): value is TextCompletionBody {
	return isObject(value) && isOptionalString(value.model) && isUsage(value.usage) && hasChoices(value, isTextChoice);
}
