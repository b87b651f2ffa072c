/** A summary of a GPU list (memory totals, formats every GPU runs natively) and a sentence describing it. */
import type { GpuInfo, TensorFormat } from '../types';

export interface GpuSummary {
	count: number;
	/** Sum over the GPUs; null when any GPU's total is unknown. */
	totalMemoryMiB: number | null;
	/** Sum over the GPUs; null when any GPU's free memory is unknown (e.g. catalog GPUs). */
	freeMemoryMiB: number | null;
	/** The native tensor formats all GPUs share, in vocabulary order. */
	commonNativeFormats: TensorFormat[];
	architectures: string[];
}

function sumOrNull(values: Array<number | null>): number | null {
	if (values.length === 0) return 0;
	return values.some((value) => value === null) ? null : values.reduce<number>((sum, value) => sum + (value as number), 0);
}

export function summarizeGpus(gpus: readonly GpuInfo[]): GpuSummary {
	const common =
		gpus.length === 0 ? [] : gpus[0].nativeFormats.filter((format) => gpus.every((gpu) => gpu.nativeFormats.includes(format)));
	return {
		count: gpus.length,
		totalMemoryMiB: sumOrNull(gpus.map((gpu) => gpu.memoryTotalMiB)),
		freeMemoryMiB: sumOrNull(gpus.map((gpu) => gpu.memoryFreeMiB)),
		commonNativeFormats: common,
		architectures: [...new Set(gpus.map((gpu) => gpu.architecture))],
	};
}

function mib(value: number | null): string {
	return value === null ? 'unknown' : `${value} MiB (${(value / 1024).toFixed(1)} GiB)`;
}

export function describeGpus(gpus: readonly GpuInfo[], summary: GpuSummary = summarizeGpus(gpus)): string {
	if (gpus.length === 0) return 'No GPU detected.';
	const groups = new Map<string, { gpu: GpuInfo; count: number }>();
	for (const gpu of gpus) {
		const group = groups.get(gpu.name);
		if (group) group.count++;
		else groups.set(gpu.name, { gpu, count: 1 });
	}
	const parts = [...groups.values()].map(({ gpu, count }) => {
		const arch = [gpu.architecture, gpu.isa].filter(Boolean).join(', ');
		const unified = gpu.unifiedMemory ? ', unified memory' : '';
		return `${count} x ${gpu.name} (${arch}${unified})`;
	});
	const formats = summary.commonNativeFormats.length ? summary.commonNativeFormats.join(', ') : 'none known';
	return `${parts.join(' + ')}: ${mib(summary.totalMemoryMiB)} total, ${mib(summary.freeMemoryMiB)} free; native tensor-core formats: ${formats}.`;
}
