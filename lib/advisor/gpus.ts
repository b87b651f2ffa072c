/** Turns the advisor's GPU input (Detect GPU objects, partial objects, catalog names) into GpuInfo with memory. */
import { inputError } from '../errors';
import type { GpuInfo } from '../types';
import { findGpuInCatalog } from '../knowledge/gpus';
import { gpuFromCatalog, resolveGpu, type PartialGpu } from '../knowledge/gpuResolver';
import type { UsableGpu } from '../engines/types';

export type { UsableGpu };

const MIB = 1024 ** 2;
/**
 * Metal's recommendedMaxWorkingSetSize is about 65-75 % of RAM: 51 GB of 64 GB on an M1 Max
 * (https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/2017), 17.76 GiB of 24 GB (https://github.com/sgl-project/sglang/pull/29949).
 */
const APPLE_GPU_SHARE = 0.7;

function toGpuInfo(input: Partial<GpuInfo> | string, index: number): GpuInfo {
	if (typeof input === 'string') return gpuFromCatalog(input, index);
	if (!input || typeof input !== 'object' || typeof input.name !== 'string' || !input.name.trim()) {
		throw inputError(`GPU ${index + 1} has no name.`, 'Give GPU objects as Detect GPU outputs them (name, memoryTotalMiB), or a catalog GPU.');
	}
	const complete = input.architecture && input.vendor && Array.isArray(input.nativeFormats) && 'computeCapability' in input;
	if (complete) return { ...(input as GpuInfo), index: input.index ?? index };
	return resolveGpu({ ...(input as PartialGpu), index: input.index ?? index });
}

export function usableGpus(inputs: Array<Partial<GpuInfo> | string>): UsableGpu[] {
	if (!Array.isArray(inputs) || inputs.length === 0) {
		throw inputError('No GPUs were given.', 'Connect Detect GPU before this node, or pick a GPU from the catalog.');
	}
	return inputs.map((input, i) => {
		const gpu = toGpuInfo(input, i);
		let totalMiB = gpu.memoryTotalMiB;
		if (!totalMiB || totalMiB <= 0) totalMiB = findGpuInCatalog(gpu.name)?.memoryMiB ?? null;
		if (!totalMiB || totalMiB <= 0) {
			throw inputError(
				`GPU "${gpu.name}" has no memory size and is not in the GPU catalog.`,
				'Give memoryTotalMiB for this GPU (for unified-memory devices, the system RAM in MiB), or pick a catalog GPU.',
			);
		}
		const share = gpu.vendor === 'apple' ? APPLE_GPU_SHARE : 1;
		const free = gpu.memoryFreeMiB !== null && gpu.memoryFreeMiB !== undefined && gpu.memoryFreeMiB >= 0 ? gpu.memoryFreeMiB : null;
		return {
			gpu: { ...gpu, memoryTotalMiB: totalMiB },
			totalBytes: totalMiB * MIB * share,
			freeBytes: free === null ? null : free * MIB * share,
		};
	});
}
