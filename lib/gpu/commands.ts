/** The fixed command lines this package runs (and tells users to run through n8n's SSH / Execute Command node). */

/** Fields queried from nvidia-smi, in this order. */
export const NVIDIA_SMI_QUERY_FIELDS = [
	'index',
	'name',
	'uuid',
	'memory.total',
	'memory.used',
	'memory.free',
	'compute_cap',
	'driver_version',
	'pci.bus_id',
	'utilization.gpu',
	'temperature.gpu',
	'power.draw',
] as const;

export function nvidiaSmiQueryArgs(fields: readonly string[] = NVIDIA_SMI_QUERY_FIELDS): string[] {
	return [`--query-gpu=${fields.join(',')}`, '--format=csv'];
}

/** Paste into n8n's SSH or Execute Command node, then feed its stdout to Detect GPU (source: text). */
export const NVIDIA_SMI_COMMAND = `nvidia-smi ${nvidiaSmiQueryArgs().join(' ')}`;

export const ROCM_SMI_ARGS = ['--showproductname', '--showmeminfo', 'vram', '--json'] as const;

export const ROCM_SMI_COMMAND = `rocm-smi ${ROCM_SMI_ARGS.join(' ')}`;

/** The message a pre-R510 nvidia-smi binary prints (exit status 2) when asked for compute_cap. */
export const OLD_DRIVER_COMPUTE_CAP_ERROR = /Field "compute_cap" is not a valid field to query/i;
