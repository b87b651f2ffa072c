/** The shapes vLLM answers with (vllm.md §1.8, §2.2), loose enough for other OpenAI-compatible servers. */
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
