/** GPUs from any supported tool output, recognised by its shape: rocm-smi JSON, DCGM Prometheus text, nvidia-smi XML or CSV. */
import type { GpuInfo } from '../types';
import { parseDcgmMetrics } from './dcgm';
import { parseNvidiaSmi } from './nvidiaSmi';
import type { NvidiaSmiCsvOptions } from './nvidiaSmiCsv';
import { parseRocmSmi } from './rocmSmi';

export type GpuTextFormat = 'rocm-smi' | 'dcgm' | 'nvidia-smi';

export function detectGpuTextFormat(text: string): GpuTextFormat {
	const trimmed = text.trimStart();
	if (trimmed.startsWith('{')) return 'rocm-smi';
	if (/^\s*DCGM_FI_DEV_/m.test(text)) return 'dcgm';
	return 'nvidia-smi';
}

export function parseGpuText(input: string | object, options: NvidiaSmiCsvOptions = {}): GpuInfo[] {
	if (typeof input !== 'string') return parseRocmSmi(input);
	switch (detectGpuTextFormat(input)) {
		case 'rocm-smi':
			return parseRocmSmi(input);
		case 'dcgm':
			return parseDcgmMetrics(input);
		default:
			return parseNvidiaSmi(input, options);
	}
}
