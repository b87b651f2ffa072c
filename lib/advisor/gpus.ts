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
/** CUDA enumerates one MIG instance per process: no tensor parallelism across instances (https://docs.nvidia.com/datacenter/tesla/mig-user-guide/, "CUDA Device Enumeration"). */
export const MIG_SOURCE = 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/';

function toGpuInfo(input: Partial<GpuInfo> | string, index: number): GpuInfo {
	if (typeof input === 'string') return gpuFromCatalog(input, index);
	if (!input || typeof input !== 'object' || typeof input.name !== 'string' || !input.name.trim()) {
		throw inputError(`GPU ${index + 1} has no name.`, 'Give GPU objects as Detect GPU outputs them (name, memoryTotalMiB), or a catalog GPU.');
	}
	const complete = input.architecture && input.vendor && Array.isArray(input.nativeFormats) && 'computeCapability' in input;
	if (complete) return { ...(input as GpuInfo), index: input.index ?? index };
	return resolveGpu({ ...(input as PartialGpu), index: input.index ?? index });
}

/**
 * A MIG-enabled GPU is planned per instance: each instance is a GPU of its own with its own memory and a share of
 * the bandwidth in proportion to its memory slices. Without instances listed there is nothing to plan on.
 */
function migInstances(gpu: GpuInfo, totalMiB: number): UsableGpu[] | null {
	if (!gpu.mig?.enabled) return null;
	const instances = gpu.mig.instances.filter((instance) => instance.memoryTotalMiB !== null && instance.memoryTotalMiB > 0);
	if (instances.length === 0) {
		throw inputError(
			`MIG is enabled on GPU ${gpu.index} (${gpu.name}) but no MIG instance with its memory was given, so there is no GPU to plan on.`,
			'Create the instances (nvidia-smi mig -cgi <profiles> -C) and pass the output of nvidia-smi -q -x, which lists each instance with its memory; or disable MIG (nvidia-smi -i <gpu> -mig 0) to plan on the whole GPU.',
		);
	}
	return instances.map((instance, i) => {
		const memoryTotalMiB = instance.memoryTotalMiB as number;
		const label = instance.profile ?? `GPU instance ${instance.gpuInstanceId ?? i}`;
		const bandwidth = gpu.memoryBandwidthGBps === null ? null : (gpu.memoryBandwidthGBps * memoryTotalMiB) / totalMiB;
		return {
			gpu: { ...gpu, name: `${gpu.name} MIG ${label}`, memoryTotalMiB, memoryUsedMiB: null, memoryFreeMiB: null, memoryBandwidthGBps: bandwidth },
			totalBytes: memoryTotalMiB * MIB,
			freeBytes: null,
			migProfile: label,
		};
	});
}

/**
 * GPUs in the order a plan takes them: when the driver reports free memory, the freest first (stable), so that a
 * plan on fewer GPUs than given lands on idle ones; otherwise as given.
 */
export function planningOrder(gpus: UsableGpu[]): UsableGpu[] {
	if (!gpus.some((g) => g.freeBytes !== null)) return gpus;
	return [...gpus].sort((a, b) => (b.freeBytes ?? b.totalBytes) - (a.freeBytes ?? a.totalBytes));
}

/** The environment that restricts an engine to the GPUs a plan uses, when they are not the first ones. */
export function visibleDevicesEnv(used: UsableGpu[]): Record<string, string> {
	const indices = used.map((g) => g.gpu.index);
	if (used.some((g) => g.migProfile) || indices.every((index, i) => index === i)) return {};
	const variable = used[0].gpu.vendor === 'amd' ? 'HIP_VISIBLE_DEVICES' : 'CUDA_VISIBLE_DEVICES';
	return { [variable]: indices.join(',') };
}

export function usableGpus(inputs: Array<Partial<GpuInfo> | string>): UsableGpu[] {
	if (!Array.isArray(inputs) || inputs.length === 0) {
		throw inputError('No GPUs were given.', 'Connect Detect GPU before this node, or pick a GPU from the catalog.');
	}
	const usable = inputs.flatMap((input, i): UsableGpu[] => {
		const gpu = toGpuInfo(input, i);
		let totalMiB = gpu.memoryTotalMiB;
		if (!totalMiB || totalMiB <= 0) totalMiB = findGpuInCatalog(gpu.name)?.memoryMiB ?? null;
		if (!totalMiB || totalMiB <= 0) {
			throw inputError(
				`GPU "${gpu.name}" has no memory size and is not in the GPU catalog.`,
				'Give memoryTotalMiB for this GPU (for unified-memory devices, the system RAM in MiB), or pick a catalog GPU.',
			);
		}
		const mig = migInstances(gpu, totalMiB);
		if (mig) return mig;
		const share = gpu.vendor === 'apple' ? APPLE_GPU_SHARE : 1;
		const free = gpu.memoryFreeMiB !== null && gpu.memoryFreeMiB !== undefined && gpu.memoryFreeMiB >= 0 ? gpu.memoryFreeMiB : null;
		return [{ gpu: { ...gpu, memoryTotalMiB: totalMiB }, totalBytes: totalMiB * MIB * share, freeBytes: free === null ? null : free * MIB * share }];
	});
	// With MIG instances the plan uses one instance: the largest first.
	return usable.some((g) => g.migProfile) ? [...usable].sort((a, b) => b.totalBytes - a.totalBytes) : usable;
}
