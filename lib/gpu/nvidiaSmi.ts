/** One entry point for nvidia-smi output: XML (`-q -x`) when it starts with '<', CSV otherwise. */
import type { GpuInfo } from '../types';
import { parseNvidiaSmiCsv, type NvidiaSmiCsvOptions } from './nvidiaSmiCsv';
import { parseNvidiaSmiXml } from './nvidiaSmiXml';

export function parseNvidiaSmi(text: string, options: NvidiaSmiCsvOptions = {}): GpuInfo[] {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	return trimmed.startsWith('<') ? parseNvidiaSmiXml(trimmed) : parseNvidiaSmiCsv(trimmed, options);
}
