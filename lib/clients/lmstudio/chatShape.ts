/**
 * The hand-written twin of lmStudioChatSchema for the hot path: accepts only what the schema
 * accepts (test/unit/clients/completionShapes.test.ts compares them); zod words the error otherwise.
 */
import { isChatCompletion, isObject, isOptionalNumber, isOptionalString } from '../completionShapes';
import type { LmStudioChat } from './schemas';

function isOptionalObject(value: unknown, fields: (object: Record<string, unknown>) => boolean): boolean {
	return value === undefined || value === null || (isObject(value) && fields(value));
}

function isOptionalStringList(value: unknown): boolean {
	return value === undefined || value === null || (Array.isArray(value) && value.every((entry) => typeof entry === 'string'));
}

export function isLmStudioChat(value: unknown): value is LmStudioChat {
	if (!isChatCompletion(value)) return false;
	const body = value as Record<string, unknown>;
	return (
		isOptionalObject(body.stats, (stats) =>
			isOptionalNumber(stats.tokens_per_second) && isOptionalNumber(stats.time_to_first_token) && isOptionalNumber(stats.generation_time) && isOptionalString(stats.stop_reason),
		) &&
		isOptionalObject(body.model_info, (info) =>
			isOptionalString(info.arch) && isOptionalString(info.quant) && isOptionalString(info.format) && isOptionalNumber(info.context_length),
		) &&
		isOptionalObject(body.runtime, (runtime) => isOptionalString(runtime.name) && isOptionalString(runtime.version) && isOptionalStringList(runtime.supported_formats))
	);
}
