/**
 * Local GPU detection: nvidia-smi (fixed arguments, timeout), falling back without compute_cap for old binaries,
 * then rocm-smi. No GPU tool, or no GPU, gives an empty list with the reason in `warnings`, never an error.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { GpuInfo } from '../types';
import { NVIDIA_SMI_QUERY_FIELDS, OLD_DRIVER_COMPUTE_CAP_ERROR, ROCM_SMI_ARGS, nvidiaSmiQueryArgs } from './commands';
import { isNoDeviceMessage, parseNvidiaSmiCsv } from './nvidiaSmiCsv';
import { parseRocmSmi } from './rocmSmi';

export interface DetectGpusOptions {
	/** Per process; default 15 s. */
	timeoutMs?: number;
	nvidiaSmiPath?: string;
	rocmSmiPath?: string;
	/** Environment for the child processes (PATH decides which binaries are found). Default: process.env. */
	env?: NodeJS.ProcessEnv;
	/** Run plain `nvidia-smi` once more to read "CUDA Version" from its banner. Default false (one process). */
	readCudaVersion?: boolean;
	/** Where unified-memory devices take their memory from. Default /proc/meminfo. */
	meminfoPath?: string;
}

export interface DetectGpusResult {
	gpus: GpuInfo[];
	/** The tool that listed the GPUs, or null when none did. */
	tool: 'nvidia-smi' | 'rocm-smi' | null;
	warnings: string[];
}

interface RunResult {
	ok: boolean;
	/** The binary does not exist (ENOENT) or cannot be run (EACCES). */
	missing: boolean;
	timedOut: boolean;
	code: number | string | null;
	stdout: string;
	stderr: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function run(file: string, args: readonly string[], options: DetectGpusOptions): Promise<RunResult> {
	return new Promise((resolve) => {
		execFile(
			file,
			[...args],
			{ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, env: options.env ?? process.env, maxBuffer: 8 * 1024 * 1024, windowsHide: true },
			(error, stdout, stderr) => {
				const failure = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string }) | null;
				resolve({
					ok: !failure,
					missing: failure?.code === 'ENOENT' || failure?.code === 'EACCES',
					timedOut: Boolean(failure?.killed && failure.signal === 'SIGTERM'),
					code: failure?.code ?? null,
					stdout: String(stdout ?? ''),
					stderr: String(stderr ?? ''),
				});
			},
		);
	});
}

function firstLine(text: string): string {
	return text.trim().split(/\r?\n/)[0] ?? '';
}

/** MemTotal and MemAvailable from /proc/meminfo, in MiB. */
export async function readMeminfo(path = '/proc/meminfo'): Promise<{ totalMiB: number; availableMiB: number | null } | null> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		return null;
	}
	const kib = (key: string): number | null => {
		const match = new RegExp(`^${key}:\\s*(\\d+)\\s*kB`, 'm').exec(text);
		return match ? Math.floor(Number(match[1]) / 1024) : null;
	};
	const totalMiB = kib('MemTotal');
	return totalMiB === null ? null : { totalMiB, availableMiB: kib('MemAvailable') };
}

async function fillUnifiedMemory(gpus: GpuInfo[], options: DetectGpusOptions, warnings: string[]): Promise<void> {
	const unified = gpus.filter((gpu) => gpu.unifiedMemory && gpu.memoryTotalMiB === null);
	if (unified.length === 0) return;
	const meminfo = await readMeminfo(options.meminfoPath);
	if (!meminfo) {
		warnings.push('The GPU shares system memory but /proc/meminfo could not be read; its memory is unknown.');
		return;
	}
	for (const gpu of unified) {
		gpu.memoryTotalMiB = meminfo.totalMiB;
		gpu.memoryFreeMiB = meminfo.availableMiB;
		gpu.memoryUsedMiB = meminfo.availableMiB === null ? null : meminfo.totalMiB - meminfo.availableMiB;
	}
	warnings.push(
		`${unified.map((gpu) => gpu.name).join(', ')} uses unified memory: memory is the system's (MemTotal ${meminfo.totalMiB} MiB from /proc/meminfo), shared with the CPU.`,
	);
}

async function detectNvidia(options: DetectGpusOptions, warnings: string[]): Promise<GpuInfo[] | null> {
	const file = options.nvidiaSmiPath ?? 'nvidia-smi';
	let fields: readonly string[] = NVIDIA_SMI_QUERY_FIELDS;
	let result = await run(file, nvidiaSmiQueryArgs(fields), options);
	if (result.missing) return null;
	if (!result.ok && OLD_DRIVER_COMPUTE_CAP_ERROR.test(result.stdout + result.stderr)) {
		warnings.push('This nvidia-smi is too old to report compute_cap (470 branch); compute capability is taken from the GPU catalog by name.');
		fields = NVIDIA_SMI_QUERY_FIELDS.filter((field) => field !== 'compute_cap');
		result = await run(file, nvidiaSmiQueryArgs(fields), options);
	}
	if (!result.ok) {
		const output = result.stdout + result.stderr;
		if (isNoDeviceMessage(output)) warnings.push('nvidia-smi found no NVIDIA GPU ("No devices were found").');
		else if (result.timedOut) warnings.push(`nvidia-smi did not answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms.`);
		else warnings.push(`nvidia-smi failed (exit ${result.code}): ${firstLine(output) || 'no output'}`);
		return null;
	}
	let cudaVersion: string | null = null;
	if (options.readCudaVersion) {
		const banner = await run(file, [], options);
		cudaVersion = /CUDA Version\s*:\s*([0-9.]+)/i.exec(banner.stdout)?.[1] ?? null;
	}
	const gpus = parseNvidiaSmiCsv(result.stdout, { cudaVersion });
	await fillUnifiedMemory(gpus, options, warnings);
	return gpus;
}

async function detectAmd(options: DetectGpusOptions, warnings: string[]): Promise<GpuInfo[] | null> {
	const result = await run(options.rocmSmiPath ?? 'rocm-smi', ROCM_SMI_ARGS, options);
	if (result.missing) return null;
	if (!result.ok) {
		warnings.push(`rocm-smi failed (exit ${result.code}): ${firstLine(result.stdout + result.stderr) || 'no output'}`);
		return null;
	}
	try {
		return parseRocmSmi(result.stdout);
	} catch (error) {
		warnings.push(`rocm-smi output could not be read: ${error instanceof Error ? error.message : String(error)}`);
		return null;
	}
}

export async function detectGpus(options: DetectGpusOptions = {}): Promise<DetectGpusResult> {
	const warnings: string[] = [];
	const nvidia = await detectNvidia(options, warnings);
	if (nvidia && nvidia.length > 0) return { gpus: nvidia, tool: 'nvidia-smi', warnings };
	const amd = await detectAmd(options, warnings);
	if (amd && amd.length > 0) return { gpus: amd, tool: 'rocm-smi', warnings };
	if (nvidia === null && amd === null && warnings.length === 0) {
		warnings.push('Neither nvidia-smi nor rocm-smi was found on this machine: no GPU detected.');
	}
	return { gpus: [], tool: null, warnings };
}
