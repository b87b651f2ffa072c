/**
 * Turns what a driver (or a user) says about a GPU into a full GpuInfo: architecture, ISA and native formats
 * from the architecture table, compute capability and bandwidth from the catalog when the driver is silent.
 */
import { OverlayError } from '../errors';
import type { GpuInfo, GpuSource, MigInstance, Vendor } from '../types';
import {
	architectureForApple,
	architectureForComputeCapability,
	architectureForGfxTarget,
	normalizeComputeCapability,
	normalizeGfxTarget,
	type ArchitectureRow,
} from './architectures';
import { closestCatalogIds, findGpuInCatalog, type GpuCatalogRow } from './gpus';

/** What a parser knows about one GPU; everything but the name is optional. */
export interface PartialGpu {
	name: string;
	index?: number;
	vendor?: Vendor | null;
	uuid?: string | null;
	memoryTotalMiB?: number | null;
	memoryUsedMiB?: number | null;
	memoryFreeMiB?: number | null;
	computeCapability?: string | null;
	gfxTarget?: string | null;
	appleChip?: string | null;
	driverVersion?: string | null;
	cudaVersion?: string | null;
	unifiedMemory?: boolean | null;
	pciBusId?: string | null;
	utilizationPercent?: number | null;
	temperatureC?: number | null;
	powerDrawW?: number | null;
	mig?: { enabled: boolean; instances: MigInstance[] } | null;
	source?: GpuSource;
}

function vendorFromName(name: string): Vendor {
	if (/\b(amd|radeon|instinct|mi\d{3}[a-z]?)\b/i.test(name)) return 'amd';
	if (/\bapple\b|^m\d+\b/i.test(name)) return 'apple';
	return 'nvidia';
}

function architectureFor(partial: PartialGpu, computeCapability: string | null, catalog: GpuCatalogRow | null): ArchitectureRow | null {
	if (computeCapability) return architectureForComputeCapability(computeCapability);
	const gfx = normalizeGfxTarget(partial.gfxTarget) ?? catalog?.gfxTarget ?? null;
	if (gfx) return architectureForGfxTarget(gfx);
	const vendor = partial.vendor ?? catalog?.vendor ?? vendorFromName(partial.name);
	if (vendor === 'apple') return architectureForApple(partial.appleChip ?? catalog?.appleChip ?? partial.name);
	return null;
}

export function resolveGpu(partial: PartialGpu): GpuInfo {
	const catalog = findGpuInCatalog(partial.name);
	const driverCc = normalizeComputeCapability(partial.computeCapability);
	const computeCapability = driverCc ?? catalog?.computeCapability ?? null;
	const computeCapabilitySource = driverCc ? 'driver' : computeCapability ? 'catalog' : null;
	const architecture = architectureFor(partial, computeCapability, catalog);
	const vendor = partial.vendor ?? architecture?.vendor ?? catalog?.vendor ?? vendorFromName(partial.name);
	const fallbackIsa = computeCapability ? `sm_${computeCapability.replace('.', '')}` : (normalizeGfxTarget(partial.gfxTarget) ?? null);
	return {
		index: partial.index ?? 0,
		name: partial.name,
		vendor,
		uuid: partial.uuid ?? null,
		memoryTotalMiB: partial.memoryTotalMiB ?? null,
		memoryUsedMiB: partial.memoryUsedMiB ?? null,
		memoryFreeMiB: partial.memoryFreeMiB ?? null,
		computeCapability,
		computeCapabilitySource,
		isa: architecture?.isa ?? fallbackIsa,
		architecture: architecture?.architecture ?? 'Unknown',
		nativeFormats: architecture ? [...architecture.nativeFormats] : [],
		mmaInstruction: architecture?.mmaInstruction ?? null,
		tensorMemory: architecture?.tensorMemory ?? false,
		driverVersion: partial.driverVersion ?? null,
		cudaVersion: partial.cudaVersion ?? null,
		unifiedMemory: Boolean(partial.unifiedMemory) || Boolean(catalog?.unifiedMemory) || vendor === 'apple',
		memoryBandwidthGBps: catalog?.memoryBandwidthGBps ?? null,
		catalogId: catalog?.id ?? null,
		pciBusId: partial.pciBusId ?? null,
		utilizationPercent: partial.utilizationPercent ?? null,
		temperatureC: partial.temperatureC ?? null,
		powerDrawW: partial.powerDrawW ?? null,
		mig: partial.mig ?? null,
		source: partial.source ?? 'catalog',
	};
}

/** A planning GPU from the catalog (no hardware): total memory from the catalog, free memory unknown. */
export function gpuFromCatalog(nameOrId: string, index = 0): GpuInfo {
	const row = findGpuInCatalog(nameOrId);
	if (!row) {
		const close = closestCatalogIds(nameOrId);
		throw new OverlayError('input', `"${nameOrId}" is not in the GPU catalog.`, {
			hint: close.length
				? `Use a catalog id or name, e.g. ${close.map((id) => `"${id}"`).join(', ')}; or give the GPU's memory and compute capability instead.`
				: 'Use a catalog id such as "h100-sxm" or "rtx-pro-6000-blackwell", or give the GPU memory and compute capability instead.',
		});
	}
	return resolveGpu({
		name: row.names[0],
		index,
		vendor: row.vendor,
		memoryTotalMiB: row.memoryMiB,
		gfxTarget: row.gfxTarget,
		appleChip: row.appleChip,
		unifiedMemory: row.unifiedMemory,
		source: 'catalog',
	});
}
