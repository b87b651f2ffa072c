/**
 * The model catalog the LM Studio fake serves. Field values follow the examples in LM Studio's docs
 * (v0 model object: https://lmstudio.ai/docs/developer/rest/endpoints; v1 model object:
 * https://lmstudio.ai/docs/developer/rest/list; gpt-oss keys and load settings: https://lmstudio.ai/docs/developer/rest/load).
 */

export interface FakeModel {
	/** The model key used in requests, e.g. "openai/gpt-oss-20b". */
	key: string;
	type: 'llm' | 'vlm' | 'embedding';
	publisher: string;
	displayName: string;
	architecture: string;
	quantization: string;
	bitsPerWeight: number;
	format: 'gguf' | 'mlx';
	maxContextLength: number;
	sizeBytes: number;
	paramsString: string;
	/** Context length of the loaded instance; absent = not loaded. */
	loadedContextLength?: number;
	/** Extra loaded instances beyond the first ("key:2"). */
	extraInstances?: number;
	/** Reasoning model: answers with a reasoning block; lists capabilities.reasoning on 0.4.8+. */
	reasoning?: { allowedOptions: string[]; default: string };
	/** Every chat with this model answers the "model has crashed" string error, with `error` as a plain string. */
	crashes?: boolean;
}

export function defaultFakeModels(): FakeModel[] {
	return [
		{
			key: 'openai/gpt-oss-20b',
			type: 'llm',
			publisher: 'lmstudio-community',
			displayName: 'gpt-oss 20B',
			architecture: 'gpt-oss',
			quantization: 'MXFP4',
			bitsPerWeight: 4,
			format: 'gguf',
			maxContextLength: 131072,
			sizeBytes: 12_109_566_560,
			paramsString: '20B',
			loadedContextLength: 8192,
			reasoning: { allowedOptions: ['low', 'medium', 'high'], default: 'low' },
		},
		{
			key: 'meta-llama-3.1-8b-instruct',
			type: 'llm',
			publisher: 'lmstudio-community',
			displayName: 'Llama 3.1 8B Instruct',
			architecture: 'llama',
			quantization: 'Q4_K_M',
			bitsPerWeight: 4,
			format: 'gguf',
			maxContextLength: 131072,
			sizeBytes: 4_920_739_232,
			paramsString: '8B',
		},
		{
			key: 'qwen2-vl-7b-instruct',
			type: 'vlm',
			publisher: 'mlx-community',
			displayName: 'Qwen2 VL 7B Instruct',
			architecture: 'qwen2_vl',
			quantization: '4bit',
			bitsPerWeight: 4,
			format: 'mlx',
			maxContextLength: 32768,
			sizeBytes: 4_680_000_000,
			paramsString: '7B',
		},
		{
			key: 'text-embedding-nomic-embed-text-v1.5',
			type: 'embedding',
			publisher: 'nomic-ai',
			displayName: 'Nomic Embed Text v1.5',
			architecture: 'nomic-bert',
			quantization: 'Q4_0',
			bitsPerWeight: 4,
			format: 'gguf',
			maxContextLength: 2048,
			sizeBytes: 84_106_624,
			paramsString: '137M',
		},
	];
}
