/** Tokens a KV budget holds when every token costs the same in the full-attention layers (SGLang's pool, llama.cpp slots). */
import { kvBytesPerTokenPerLayer, layerCounts } from './kv';
import type { CapacityInput, KvCapacity } from '../types';

export function tokensCapacity({ model, contextLength, dtype, knobs, availableBytes }: CapacityInput, layersPerToken?: number): KvCapacity {
	const layers = layersPerToken ?? layerCounts(model).full;
	const perToken = layers * kvBytesPerTokenPerLayer(model, dtype, knobs.tensorParallelSize ?? 1);
	const tokens = perToken > 0 ? Math.max(0, Math.floor(availableBytes / perToken)) : 0;
	return { tokens, maxConcurrency: tokens / contextLength };
}
