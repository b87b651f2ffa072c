/**
 * The shapes vLLM answers with (ModelCard in https://github.com/vllm-project/vllm/blob/v0.10.1/vllm/entrypoints/openai/protocol.py,
 * GET /version in .../vllm/entrypoints/openai/api_server.py), loose enough for other OpenAI-compatible servers.
 */
import { z } from 'zod';

export const modelCardSchema = z
	.object({
		id: z.string(),
		owned_by: z.string().nullish(),
		root: z.string().nullish(),
		parent: z.string().nullish(),
		max_model_len: z.number().nullish(),
	})
	.passthrough();

export const modelListSchema = z.object({ data: z.array(modelCardSchema) }).passthrough();

export const versionSchema = z.object({ version: z.string() }).passthrough();

export type ModelCard = z.infer<typeof modelCardSchema>;
