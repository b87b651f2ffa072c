/** GPUs from `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]` output, any field order. */
import { OverlayError } from '../errors';
import { resolveGpu, type PartialGpu } from '../knowledge/gpuResolver';
import type { GpuInfo } from '../types';
import { NVIDIA_SMI_COMMAND, NVIDIA_SMI_QUERY_FIELDS } from './commands';
import { mibOrNull, numberOrNull, textOrNull } from './values';

export interface NvidiaSmiCsvOptions {
	/** The --query-gpu fields, in order, when the output has no header line (csv,noheader). */
	fields?: readonly string[];
	/** From the nvidia-smi banner or XML, when the caller knows it. */
	cudaVersion?: string | null;
}

/** Query-field aliases nvidia-smi accepts, mapped to one name. */
const FIELD_ALIASES: Record<string, string> = {
	gpu_name: 'name',
	gpu_uuid: 'uuid',
	gpu_bus_id: 'pci.bus_id',
	'power.draw.average': 'power.draw',
	'power.draw.instant': 'power.draw',
};

function canonicalField(header: string): string {
	const bare = header.replace(/\s*\[[^\]]*\]\s*$/, '').trim().toLowerCase();
	return FIELD_ALIASES[bare] ?? bare;
}

const KNOWN_FIELDS = new Set<string>([...NVIDIA_SMI_QUERY_FIELDS, 'addressing_mode', 'memory.reserved', 'mig.mode.current', ...Object.keys(FIELD_ALIASES)]);

function isHeaderLine(line: string): boolean {
	const cells = line.split(',').map((cell) => cell.trim());
	return (
		cells.every((cell) => /^[a-z][a-z0-9_.]*(\s*\[[^\]]*\])?$/i.test(cell)) &&
		cells.some((cell) => KNOWN_FIELDS.has(canonicalField(cell)))
	);
}

/** True for the messages nvidia-smi prints instead of a table when the machine has no usable GPU. */
export function isNoDeviceMessage(text: string): boolean {
	return /No devices were found/i.test(text);
}

function rowToPartial(fields: string[], cells: string[], rowNumber: number, cudaVersion: string | null): PartialGpu {
	const value = (field: string): string | null => {
		const at = fields.indexOf(field);
		return at === -1 ? null : (cells[at] ?? null);
	};
	const name = textOrNull(value('name'));
	if (!name) {
		throw new OverlayError('input', `nvidia-smi line ${rowNumber} has no GPU name.`, {
			hint: `Include the name field, e.g. run: ${NVIDIA_SMI_COMMAND}`,
		});
	}
	const totalReported = fields.includes('memory.total');
	const memoryTotalMiB = mibOrNull(value('memory.total'));
	const addressingMode = textOrNull(value('addressing_mode'));
	const index = numberOrNull(value('index'));
	const migMode = textOrNull(value('mig.mode.current'));
	return {
		name,
		index: index ?? rowNumber - 1,
		vendor: 'nvidia',
		uuid: textOrNull(value('uuid')),
		memoryTotalMiB,
		memoryUsedMiB: mibOrNull(value('memory.used')),
		memoryFreeMiB: mibOrNull(value('memory.free')),
		computeCapability: textOrNull(value('compute_cap')),
		driverVersion: textOrNull(value('driver_version')),
		cudaVersion,
		unifiedMemory: (totalReported && memoryTotalMiB === null) || addressingMode?.toUpperCase() === 'ATS',
		pciBusId: textOrNull(value('pci.bus_id')),
		utilizationPercent: numberOrNull(value('utilization.gpu')),
		temperatureC: numberOrNull(value('temperature.gpu')),
		powerDrawW: numberOrNull(value('power.draw')),
		mig: migMode === null ? null : { enabled: migMode.toLowerCase() === 'enabled', instances: [] },
		source: 'nvidia-smi',
	};
}

export function parseNvidiaSmiCsv(text: string, options: NvidiaSmiCsvOptions = {}): GpuInfo[] {
	const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
	if (lines.length === 0 || (isNoDeviceMessage(text) && !lines.some((line) => line.includes(',')))) return [];
	const cudaVersion = options.cudaVersion ?? /CUDA Version\s*:\s*([0-9.]+)/i.exec(text)?.[1] ?? null;

	const headerAt = lines.findIndex(isHeaderLine);
	let fields: string[];
	let rows: string[];
	if (headerAt !== -1) {
		fields = lines[headerAt].split(',').map(canonicalField);
		rows = lines.slice(headerAt + 1);
	} else {
		rows = lines.filter((line) => line.includes(','));
		const columns = rows[0]?.split(',').length ?? 0;
		const given = options.fields ?? (columns === NVIDIA_SMI_QUERY_FIELDS.length ? NVIDIA_SMI_QUERY_FIELDS : null);
		if (!given || rows.length === 0) {
			throw new OverlayError('input', 'This text is not nvidia-smi CSV output with a header line.', {
				hint: `Run: ${NVIDIA_SMI_COMMAND} (keep the header), or say which fields a csv,noheader output has.`,
			});
		}
		fields = given.map(canonicalField);
	}

	return rows
		.filter((line) => line.includes(',') || fields.length === 1)
		.map((line, at) => {
			const cells = line.split(',').map((cell) => cell.trim());
			if (cells.length !== fields.length) {
				throw new OverlayError('input', `nvidia-smi line ${at + 1} has ${cells.length} values but the header names ${fields.length} fields.`, {
					hint: `Pass the whole, unedited output of: ${NVIDIA_SMI_COMMAND}`,
				});
			}
			return resolveGpu(rowToPartial(fields, cells, at + 1, cudaVersion));
		});
}
