/** GPUs from `nvidia-smi -q -x` (XML, DTD nvsmi_device_v12): memory with units, MIG mode and devices, CUDA version. */
import { XMLParser } from 'fast-xml-parser';
import { OverlayError } from '../errors';
import { resolveGpu } from '../knowledge/gpuResolver';
import type { GpuInfo, MigInstance } from '../types';
import { mibOrNull, numberOrNull, textOrNull } from './values';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	trimValues: true,
	isArray: (tagName, jPath) => jPath === 'nvidia_smi_log.gpu' || tagName === 'mig_device',
});

function node(value: unknown): XmlNode {
	return typeof value === 'object' && value !== null ? (value as XmlNode) : {};
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return textOrNull(value);
	if (typeof value === 'number') return String(value);
	return null;
}

function migInstances(gpu: XmlNode): MigInstance[] {
	const devices = node(gpu.mig_devices).mig_device;
	if (!Array.isArray(devices)) return [];
	return devices.map((entry) => {
		const device = node(entry);
		return {
			gpuInstanceId: numberOrNull(text(device.gpu_instance_id)),
			computeInstanceId: numberOrNull(text(device.compute_instance_id)),
			profile: text(device.profile) ?? text(device.profile_name),
			memoryTotalMiB: mibOrNull(text(node(device.fb_memory_usage).total)),
		};
	});
}

function powerDraw(gpu: XmlNode): number | null {
	for (const block of [node(gpu.gpu_power_readings), node(gpu.power_readings)]) {
		for (const key of ['power_draw', 'average_power_draw', 'instant_power_draw']) {
			const watts = numberOrNull(text(block[key]));
			if (watts !== null) return watts;
		}
	}
	return null;
}

export function parseNvidiaSmiXml(xml: string): GpuInfo[] {
	let document: XmlNode;
	try {
		document = node(parser.parse(xml));
	} catch (error) {
		throw new OverlayError('input', 'The nvidia-smi XML could not be read.', {
			hint: 'Pass the complete output of `nvidia-smi -q -x`.',
			cause: error,
		});
	}
	const log = node(document.nvidia_smi_log);
	if (!document.nvidia_smi_log) {
		throw new OverlayError('input', 'This XML is not `nvidia-smi -q -x` output (no <nvidia_smi_log> element).', {
			hint: 'Pass the complete output of `nvidia-smi -q -x`.',
		});
	}
	const driverVersion = text(log.driver_version);
	const cudaVersion = text(log.cuda_version);
	const gpus = Array.isArray(log.gpu) ? log.gpu.map(node) : [];
	return gpus.map((gpu, index) => {
		const memory = node(gpu.fb_memory_usage);
		const memoryTotalMiB = mibOrNull(text(memory.total));
		// Unified memory shows as a total nvidia-smi cannot give ("N/A" on GB10); a log without <fb_memory_usage> at all
		// (older DTDs, trimmed output) says nothing about it, as the CSV parser treats a missing memory.total column.
		const totalReported = gpu.fb_memory_usage !== undefined && 'total' in memory;
		const migMode = text(node(gpu.mig_mode).current_mig);
		const migEnabled = migMode?.toLowerCase() === 'enabled';
		const addressingMode = text(gpu.addressing_mode);
		return resolveGpu({
			name: text(gpu.product_name) ?? 'Unknown NVIDIA GPU',
			index,
			vendor: 'nvidia',
			uuid: text(gpu.uuid),
			memoryTotalMiB,
			memoryUsedMiB: mibOrNull(text(memory.used)),
			memoryFreeMiB: mibOrNull(text(memory.free)),
			computeCapability: text(gpu.compute_cap) ?? text(node(gpu.compute_capability).current),
			driverVersion,
			cudaVersion,
			unifiedMemory: (totalReported && memoryTotalMiB === null) || addressingMode?.toUpperCase() === 'ATS',
			pciBusId: text(node(gpu.pci).pci_bus_id) ?? text(gpu['@_id']),
			utilizationPercent: numberOrNull(text(node(gpu.utilization).gpu_util)),
			temperatureC: numberOrNull(text(node(gpu.temperature).gpu_temp)),
			powerDrawW: powerDraw(gpu),
			mig: migMode === null ? null : { enabled: migEnabled, instances: migEnabled ? migInstances(gpu) : [] },
			source: 'nvidia-smi-xml',
		});
	});
}
