/**
 * Which request field carries a JSON schema, by server. vLLM renamed it and ignores unknown fields silently
 * (an old `guided_json` on v0.12+ gives unconstrained output with HTTP 200), so the choice matters.
 */
import { versionAtLeast } from './version';

export type StructuredOutputField = 'structured_outputs' | 'guided_json' | 'response_format';
/** 'new' = structured_outputs (vLLM >= 0.10.2), 'legacy' = guided_json (vLLM < 0.12), 'auto' = by server version. */
export type StructuredOutputMode = 'auto' | 'new' | 'legacy';

export interface StructuredOutputFieldRow {
	field: StructuredOutputField;
	/** First vLLM version that reads it (inclusive). */
	since: string;
	/** First vLLM version that no longer reads it; null = still read. */
	removedIn: string | null;
	source: string;
}

/** Newest first: auto picks the first row whose range holds the server's version. */
export const VLLM_STRUCTURED_OUTPUT_FIELDS: StructuredOutputFieldRow[] = [
	{
		field: 'structured_outputs',
		since: '0.10.2',
		removedIn: null,
		source: 'https://github.com/vllm-project/vllm/pull/22772 (structured_outputs request field); https://docs.vllm.ai/en/latest/features/structured_outputs/',
	},
	{
		field: 'guided_json',
		since: '0.0.0',
		removedIn: '0.12.0',
		source: 'https://github.com/vllm-project/vllm/pull/29326 (guided_* removed in v0.12.0; docs.vllm.ai/en/latest/features/structured_outputs/)',
	},
];

export interface ServerIdentity {
	isVllm: boolean;
	/** vLLM's GET /version; null when the server has no such route. */
	version: string | null;
}

export function chooseStructuredOutputField(mode: StructuredOutputMode, server: ServerIdentity): StructuredOutputField {
	if (mode === 'new') return 'structured_outputs';
	if (mode === 'legacy') return 'guided_json';
	// Without a version (a proxy that hides /version, or another OpenAI-compatible server) the OpenAI field is the one every
	// recent vLLM, llama-server and transformers serve read.
	if (!server.version) return 'response_format';
	const version = server.version;
	const row = VLLM_STRUCTURED_OUTPUT_FIELDS.find(
		(candidate) => versionAtLeast(version, candidate.since) && (candidate.removedIn === null || !versionAtLeast(version, candidate.removedIn)),
	);
	return row?.field ?? 'response_format';
}

export function structuredOutputBody(field: StructuredOutputField, schema: Record<string, unknown>): Record<string, unknown> {
	switch (field) {
		case 'structured_outputs':
			return { structured_outputs: { json: schema } };
		case 'guided_json':
			return { guided_json: schema };
		case 'response_format':
			return { response_format: { type: 'json_schema', json_schema: { name: 'output', schema } } };
	}
}
