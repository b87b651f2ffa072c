/** The GPU catalog as a dropdown, for the nodes that plan without the hardware. */
import type { INodePropertyOptions } from 'n8n-workflow';
import { listGpuCatalog } from '../../lib/knowledge/index-gpu';

export const gpuCatalogOptions: INodePropertyOptions[] = listGpuCatalog()
	.map((row) => ({
		name: `${row.names[0]} (${Math.round(row.memoryMiB / 1024)} GB)`,
		value: row.id,
		description: [row.formFactor, row.notes].filter(Boolean).join('. '),
	}))
	.sort((a, b) => a.name.localeCompare(b.name));
