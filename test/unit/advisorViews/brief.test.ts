import { pickQuantFormat } from '../../../lib/advisor';
import { briefCandidate, gib } from '../../../lib/advisorViews';

test('a brief candidate: memory in GiB, the command and settings, no byte breakdown or argument vector', async () => {
	const result = await pickQuantFormat({ gpus: ['rtx-pro-6000-blackwell'], model: 'openai/gpt-oss-120b', engine: 'lmstudio', contextLength: 32768 });
	const candidate = result.recommended!;
	const brief = briefCandidate(candidate);
	expect(Object.keys(brief)).toEqual(['engine', 'format', 'checkpoint', 'execution', 'fits', 'gpuCount', 'neededGiB', 'availableGiB', 'maxContextLength', 'command', 'settings', 'reasons', 'warnings']);
	expect(brief.neededGiB).toBe(gib(candidate.memory.totalBytes));
	expect(brief.command).toBe(candidate.engineArgs.command);
	expect(brief.settings.model).toEqual(expect.any(String));
});

test('gib keeps one decimal', () => {
	expect(gib(2 ** 30 * 61.04)).toBe(61);
	expect(gib(2 ** 30 * 12.96)).toBe(13);
	expect(gib(0)).toBe(0);
});
