/**
 * Safetensors tensor lists generated from a real config.json, as the original checkpoints name and
 * shape them. We have the configs (test/fixtures/models), not the multi-GB files, so the headers the
 * fake Hub serves are built here, tensor by tensor, from the config's numbers:
 *
 * - gpt-oss (openai/gpt-oss-20b): BF16 embedding, lm_head, attention (q/k/v/o with biases, one sink
 *   per head), norms and router; each layer's experts as MXFP4 blocks (U8 [E, rows, cols/32, 16])
 *   and E8M0 scales (U8 [E, rows, cols/32]) plus BF16 biases, gate and up fused. Names and shapes as
 *   in transformers' modeling_gpt_oss.py and the checkpoint's index
 *   (https://huggingface.co/openai/gpt-oss-20b/blob/main/model.safetensors.index.json). Generated
 *   from the 20b config these sum to 13,761,264,768 bytes; the repository's three shards are 4.79 +
 *   4.80 + 4.17 GB (https://huggingface.co/openai/gpt-oss-20b/tree/main).
 * - Qwen3 MoE (Qwen/Qwen3-30B-A3B): everything BF16, one tensor per expert projection (modeling_qwen3_moe.py:
 *   mlp.experts.<e>.{gate,up,down}_proj, mlp.gate router, q_norm / k_norm). With `fp8: true`, the
 *   block-FP8 layout of Qwen's FP8 repositories (quantization_config quant_method "fp8",
 *   weight_block_size [128, 128], https://huggingface.co/Qwen/Qwen3-30B-A3B-FP8): attention and
 *   expert projections as F8_E4M3 with a weight_scale_inv per 128 x 128 block; embedding, lm_head,
 *   norms and router stay BF16 (modules_to_not_convert). The scale dtype is an assumption (F32, as
 *   in DeepSeek-V3's block-FP8 checkpoints); scales are 1/16384 of the weight count, so it moves
 *   totals by less than 0.03 %.
 * Shards are filled in name order up to `maxShardBytes`, as save_pretrained fills them; the real
 * repositories' split points may differ (the totals do not).
 */
export interface FakeTensor {
	name: string;
	dtype: string;
	shape: number[];
}

const DTYPE_BYTES: Record<string, number> = { BF16: 2, F16: 2, F32: 4, F8_E4M3: 1, U8: 1 };

export function tensorBytes(tensor: FakeTensor): number {
	return tensor.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[tensor.dtype];
}

type Config = Record<string, any>;

export function gptOssTensors(config: Config): FakeTensor[] {
	const h = config.hidden_size;
	const e = config.num_local_experts;
	const i = config.intermediate_size;
	const q = config.num_attention_heads * config.head_dim;
	const kv = config.num_key_value_heads * config.head_dim;
	const bf16 = (name: string, ...shape: number[]): FakeTensor => ({ name, dtype: 'BF16', shape });
	const u8 = (name: string, ...shape: number[]): FakeTensor => ({ name, dtype: 'U8', shape });
	const tensors: FakeTensor[] = [bf16('model.embed_tokens.weight', config.vocab_size, h)];
	for (let layer = 0; layer < config.num_hidden_layers; layer++) {
		const p = `model.layers.${layer}`;
		tensors.push(
			bf16(`${p}.input_layernorm.weight`, h),
			bf16(`${p}.post_attention_layernorm.weight`, h),
			bf16(`${p}.self_attn.q_proj.weight`, q, h),
			bf16(`${p}.self_attn.q_proj.bias`, q),
			bf16(`${p}.self_attn.k_proj.weight`, kv, h),
			bf16(`${p}.self_attn.k_proj.bias`, kv),
			bf16(`${p}.self_attn.v_proj.weight`, kv, h),
			bf16(`${p}.self_attn.v_proj.bias`, kv),
			bf16(`${p}.self_attn.o_proj.weight`, h, q),
			bf16(`${p}.self_attn.o_proj.bias`, h),
			bf16(`${p}.self_attn.sinks`, config.num_attention_heads),
			bf16(`${p}.mlp.router.weight`, e, h),
			bf16(`${p}.mlp.router.bias`, e),
			u8(`${p}.mlp.experts.gate_up_proj_blocks`, e, 2 * i, h / 32, 16),
			u8(`${p}.mlp.experts.gate_up_proj_scales`, e, 2 * i, h / 32),
			bf16(`${p}.mlp.experts.gate_up_proj_bias`, e, 2 * i),
			u8(`${p}.mlp.experts.down_proj_blocks`, e, h, i / 32, 16),
			u8(`${p}.mlp.experts.down_proj_scales`, e, h, i / 32),
			bf16(`${p}.mlp.experts.down_proj_bias`, e, h),
		);
	}
	tensors.push(bf16('model.norm.weight', h), bf16('lm_head.weight', config.vocab_size, h));
	return tensors;
}

export function qwen3MoeTensors(config: Config, options: { fp8?: boolean } = {}): FakeTensor[] {
	const h = config.hidden_size;
	const hd = config.head_dim;
	const q = config.num_attention_heads * hd;
	const kv = config.num_key_value_heads * hd;
	const moe = config.moe_intermediate_size;
	const bf16 = (name: string, ...shape: number[]): FakeTensor => ({ name, dtype: 'BF16', shape });
	const linear = (name: string, out: number, inp: number): FakeTensor[] =>
		options.fp8
			? [
					{ name: `${name}.weight`, dtype: 'F8_E4M3', shape: [out, inp] },
					{ name: `${name}.weight_scale_inv`, dtype: 'F32', shape: [Math.ceil(out / 128), Math.ceil(inp / 128)] },
				]
			: [bf16(`${name}.weight`, out, inp)];
	const tensors: FakeTensor[] = [bf16('model.embed_tokens.weight', config.vocab_size, h)];
	for (let layer = 0; layer < config.num_hidden_layers; layer++) {
		const p = `model.layers.${layer}`;
		tensors.push(
			bf16(`${p}.input_layernorm.weight`, h),
			bf16(`${p}.post_attention_layernorm.weight`, h),
			...linear(`${p}.self_attn.q_proj`, q, h),
			...linear(`${p}.self_attn.k_proj`, kv, h),
			...linear(`${p}.self_attn.v_proj`, kv, h),
			...linear(`${p}.self_attn.o_proj`, h, q),
			bf16(`${p}.self_attn.q_norm.weight`, hd),
			bf16(`${p}.self_attn.k_norm.weight`, hd),
			bf16(`${p}.mlp.gate.weight`, config.num_experts, h),
		);
		for (let e = 0; e < config.num_experts; e++) {
			tensors.push(
				...linear(`${p}.mlp.experts.${e}.gate_proj`, moe, h),
				...linear(`${p}.mlp.experts.${e}.up_proj`, moe, h),
				...linear(`${p}.mlp.experts.${e}.down_proj`, h, moe),
			);
		}
	}
	tensors.push(bf16('model.norm.weight', h), bf16('lm_head.weight', config.vocab_size, h));
	return tensors;
}

/** Splits tensors into shards of at most maxShardBytes (a tensor larger than that gets a shard of its own). */
export function shard(tensors: FakeTensor[], maxShardBytes: number): FakeTensor[][] {
	const shards: FakeTensor[][] = [[]];
	let size = 0;
	for (const tensor of tensors) {
		const bytes = tensorBytes(tensor);
		if (size > 0 && size + bytes > maxShardBytes) {
			shards.push([]);
			size = 0;
		}
		shards[shards.length - 1].push(tensor);
		size += bytes;
	}
	return shards;
}
