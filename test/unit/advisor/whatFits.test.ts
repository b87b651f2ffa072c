import { whatFits, MODELS } from '../../../lib/advisor';
import { isOverlayError } from '../../../lib/errors';

describe('whatFits', () => {
	it('ranks every catalog model on 8 x H100: all fit, the largest first, each with its best command, verdict and speed estimate', async () => {
		const result = await whatFits({ gpus: Array.from({ length: 8 }, () => 'h100-sxm'), contextLength: 32768 });
		expect(result.ranking).toHaveLength(MODELS.length);
		expect(result.ranking.every((entry) => entry.tier === 'fits')).toBe(true);
		const sizes = result.ranking.map((entry) => entry.model.parametersBillions);
		expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
		expect(result.ranking[0].model.id).toBe('openai/gpt-oss-120b');
		for (const entry of result.ranking) {
			expect(entry.best?.startup.verdict).toBe('starts');
			expect(entry.command).toBeTruthy();
			expect(entry.tokensPerSecond).toBeGreaterThan(0);
		}
		expect(result.summary).toMatch(/^8 of 8 models fit\. Best: gpt-oss-120b/);
	});

	it('on one RTX 4090 the 70B and 120B models drop below those that fit; rankBy speed puts the fastest first among those that fit', async () => {
		const byCapability = await whatFits({ gpus: ['rtx-4090'], contextLength: 8192 });
		const tier = (id: string) => byCapability.ranking.find((entry) => entry.model.id === id)!.tier;
		expect(tier('meta-llama/Llama-3.1-70B-Instruct')).not.toBe('fits');
		expect(tier('openai/gpt-oss-120b')).not.toBe('fits');
		expect(tier('openai/gpt-oss-20b')).toBe('fits');
		const bySpeed = await whatFits({ gpus: ['rtx-4090'], contextLength: 8192, rankBy: 'speed' });
		const fitting = bySpeed.ranking.filter((entry) => entry.tier === 'fits').map((entry) => entry.tokensPerSecond ?? 0);
		expect(fitting).toEqual([...fitting].sort((a, b) => b - a));
		expect(bySpeed.rankedBy).toMatch(/fastest/);
	});

	it('adds models the loader resolves (here a config.json object) and can leave the catalog out; bad input is an input error', async () => {
		const config = { num_hidden_layers: 2, hidden_size: 64, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 4096, _name_or_path: 'tiny' };
		const result = await whatFits({ gpus: ['rtx-4090'], models: [config], includeCatalog: false, contextLength: 2048 });
		expect(result.ranking.map((entry) => entry.model.id)).toEqual(['custom:tiny']);
		const error = await whatFits({ gpus: ['rtx-4090'], contextLength: 0 }).catch((e: unknown) => e);
		expect(isOverlayError(error)).toBe(true);
	});
});
