/**
 * GPUs from `rocm-smi --showproductname --showmeminfo vram --json`: {"card0": {...}, "system": {...}}, every value a
 * string, memory in bytes. Key spellings changed across releases ("Card Series" vs "Card series"), so keys are
 * matched without regard to case.
 */
import { OverlayError } from '../errors';
import { normalizeGfxTarget } from '../knowledge/architectures';
import { resolveGpu } from '../knowledge/gpuResolver';
import { findGpuInCatalog } from '../knowledge/gpus';
import type { GpuInfo } from '../types';
import { ROCM_SMI_COMMAND } from './commands';
import { bytesToMiB, textOrNull } from './values';

type Card = Record<string, unknown>;

function field(card: Card, ...names: string[]): string | null {
	const wanted = names.map((name) => name.toLowerCase());
	for (const [key, value] of Object.entries(card)) {
		if (wanted.includes(key.toLowerCase()) && typeof value === 'string') {
			const text = textOrNull(value);
			if (text) return text;
		}
	}
	return null;
}

/** A marketing name, not a hex device id such as "0x74a1". */
function productName(card: Card): string | null {
	for (const key of ['Card Series', 'Device Name', 'Card SKU', 'Card Model']) {
		const value = field(card, key);
		if (value && !/^0x[0-9a-f]+$/i.test(value)) return value;
	}
	return null;
}

export function parseRocmSmi(input: string | object): GpuInfo[] {
	let data: unknown = input;
	if (typeof input === 'string') {
		try {
			data = JSON.parse(input);
		} catch (error) {
			throw new OverlayError('input', 'The rocm-smi output is not JSON.', {
				hint: `Run: ${ROCM_SMI_COMMAND} (with --json) and pass its whole output.`,
				cause: error,
			});
		}
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new OverlayError('input', 'The rocm-smi JSON is not an object of cards.', { hint: `Run: ${ROCM_SMI_COMMAND}` });
	}
	const cards = Object.entries(data as Record<string, unknown>)
		.map(([key, value]) => ({ number: /^card(\d+)$/i.exec(key)?.[1], card: value as Card }))
		.filter((entry): entry is { number: string; card: Card } => entry.number !== undefined && typeof entry.card === 'object')
		.sort((a, b) => Number(a.number) - Number(b.number));

	return cards.map(({ number, card }) => {
		const name = productName(card) ?? `AMD GPU card${number}`;
		const gfxTarget = normalizeGfxTarget(field(card, 'GFX Version', 'Target Graphics Version')) ?? findGpuInCatalog(name)?.gfxTarget ?? null;
		const memoryTotalMiB = bytesToMiB(field(card, 'VRAM Total Memory (B)'));
		const memoryUsedMiB = bytesToMiB(field(card, 'VRAM Total Used Memory (B)'));
		return resolveGpu({
			name,
			index: Number(number),
			vendor: 'amd',
			uuid: field(card, 'Unique ID', 'GUID'),
			memoryTotalMiB,
			memoryUsedMiB,
			memoryFreeMiB: memoryTotalMiB !== null && memoryUsedMiB !== null ? memoryTotalMiB - memoryUsedMiB : null,
			gfxTarget,
			driverVersion: field(card, 'Driver version'),
			pciBusId: field(card, 'PCI Bus'),
			source: 'rocm-smi',
		});
	});
}
