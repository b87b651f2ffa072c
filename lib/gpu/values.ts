/** Reading the values nvidia-smi / rocm-smi / DCGM print: "[N/A]", "Not Supported", "81559 MiB", "69.88 W". */

/** `[N/A]`, `[Not Supported]`, `N/A`, `Not Supported`, `None` and blank all mean "the driver does not say". */
export function isMissingValue(value: string | null | undefined): boolean {
	if (value === null || value === undefined) return true;
	const text = value.trim();
	return text === '' || /^\[.*\]$/.test(text) || /^(n\/a|not supported|none|unknown error)$/i.test(text);
}

export function textOrNull(value: string | null | undefined): string | null {
	return isMissingValue(value) ? null : (value as string).trim();
}

/** A number with an optional unit suffix ("69.88 W", "0 %", "31 C", "81559"); null when missing or not a number. */
export function numberOrNull(value: string | number | null | undefined): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (isMissingValue(value)) return null;
	const match = /^\s*(-?\d+(?:\.\d+)?)\s*[a-z%°]*\s*$/i.exec(value as string);
	return match ? Number(match[1]) : null;
}

const MIB_PER_UNIT: Record<string, number> = { b: 1 / 1048576, kib: 1 / 1024, kb: 1 / 1024, mib: 1, mb: 1, gib: 1024, gb: 1024 };

/** Memory in MiB from "81559 MiB", "81559" (nvidia-smi's unit is MiB) or "80 GiB"; null when missing. */
export function mibOrNull(value: string | number | null | undefined): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (isMissingValue(value)) return null;
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value as string);
	if (!match) return null;
	const factor = match[2] ? MIB_PER_UNIT[match[2].toLowerCase()] : 1;
	return factor === undefined ? null : Math.round(Number(match[1]) * factor);
}

export function bytesToMiB(value: string | number | null | undefined): number | null {
	const bytes = numberOrNull(value);
	return bytes === null ? null : Math.round(bytes / 1048576);
}
