/** Public GPU knowledge API: architectures, the GPU catalog and the resolver. */
export {
	ARCHITECTURES,
	architectureForApple,
	architectureForComputeCapability,
	architectureForGfxTarget,
	listArchitectures,
	normalizeAppleChip,
	normalizeComputeCapability,
	normalizeGfxTarget,
	type ArchitectureFamily,
	type ArchitectureRow,
} from './architectures';
export { GPU_CATALOG, closestCatalogIds, findGpuInCatalog, gpuNameKey, listGpuCatalog, type GpuCatalogRow } from './gpus';
export { gpuFromCatalog, resolveGpu, type PartialGpu } from './gpuResolver';
