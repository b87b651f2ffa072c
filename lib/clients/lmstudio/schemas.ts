/**
 * Response shapes of LM Studio's three APIs: REST v0 (https://lmstudio.ai/docs/developer/rest/endpoints),
 * REST v1 (https://lmstudio.ai/docs/developer/rest/list, .../rest/load, .../rest/unload) and the
 * OpenAI-compatible /v1 (https://lmstudio.ai/docs/developer/openai-compat). Lenient on purpose:
 * fields are optional or nullable unless a route is useless without them.
 */
import { z } from 'zod';
import { chatCompletionSchema } from '../openaiCompatible';

const optionalText = z.string().nullish();
const optionalNumber = z.number().nullish();

/** GET /api/v0/models (0.3.6+): `{"object":"list","data":[...]}` with state and quantization. */
export const v0ModelSchema = z
	.object({
		id: z.string(),
		type: optionalText,
		publisher: optionalText,
		arch: optionalText,
		compatibility_type: optionalText,
		quantization: optionalText,
		state: optionalText,
		max_context_length: optionalNumber,
		/** Not documented; present for loaded models in real answers (#726). */
		loaded_context_length: optionalNumber,
		capabilities: z.array(z.string()).nullish(),
	})
	.passthrough();

/** A v0 list must look like LM Studio's (entries carry `state`), not any OpenAI `/models` list. */
export const v0ModelListSchema = z.object({
	data: z.array(v0ModelSchema.extend({ state: z.string() })),
});

const v1ReasoningSchema = z.object({
	allowed_options: z.array(z.string()).nullish(),
	default: optionalText,
});

/** GET /api/v1/models (0.4.0+): `{"models":[...]}`. */
export const v1ModelSchema = z
	.object({
		type: optionalText,
		publisher: optionalText,
		key: z.string(),
		display_name: optionalText,
		architecture: optionalText,
		quantization: z
			.object({ name: optionalText, bits_per_weight: optionalNumber })
			.nullish(),
		size_bytes: optionalNumber,
		params_string: optionalText,
		loaded_instances: z
			.array(
				z.object({
					id: z.string(),
					config: z.object({ context_length: optionalNumber, parallel: optionalNumber }).passthrough().nullish(),
				}),
			)
			.nullish(),
		max_context_length: optionalNumber,
		format: optionalText,
		capabilities: z
			.object({
				vision: z.boolean().nullish(),
				trained_for_tool_use: z.boolean().nullish(),
				reasoning: v1ReasoningSchema.nullish(),
			})
			.passthrough()
			.nullish(),
	})
	.passthrough();

export const v1ModelListSchema = z.object({ models: z.array(v1ModelSchema) });

/** GET /v1/models: bare `{id, object, owned_by}` entries (#2139). */
export const openAiModelListSchema = z.object({
	data: z.array(z.object({ id: z.string() }).passthrough()),
});

/** POST /api/v0/chat/completions adds `stats`, `model_info` and `runtime` to the OpenAI shape (https://lmstudio.ai/docs/developer/rest/endpoints). */
export const lmStudioChatSchema = chatCompletionSchema.extend({
	stats: z
		.object({
			tokens_per_second: optionalNumber,
			time_to_first_token: optionalNumber,
			generation_time: optionalNumber,
			stop_reason: optionalText,
		})
		.passthrough()
		.nullish(),
	model_info: z
		.object({ arch: optionalText, quant: optionalText, format: optionalText, context_length: optionalNumber })
		.passthrough()
		.nullish(),
	runtime: z
		.object({ name: optionalText, version: optionalText, supported_formats: z.array(z.string()).nullish() })
		.passthrough()
		.nullish(),
});

/** POST /api/v1/models/load. */
export const loadResponseSchema = z
	.object({
		type: optionalText,
		instance_id: z.string(),
		load_time_seconds: optionalNumber,
		status: optionalText,
		load_config: z.record(z.unknown()).nullish(),
	})
	.passthrough();

/** POST /api/v1/models/unload. */
export const unloadResponseSchema = z.object({ instance_id: z.string() }).passthrough();

export type V0Model = z.infer<typeof v0ModelSchema>;
export type V1Model = z.infer<typeof v1ModelSchema>;
export type LmStudioChat = z.infer<typeof lmStudioChatSchema>;
