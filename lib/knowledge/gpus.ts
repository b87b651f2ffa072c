/**
 * GPU catalog: the GPUs a user is likely to have or plan for. One row per product variant.
 * `names` holds the name exactly as nvidia-smi / rocm-smi / system_profiler print it first, then aliases.
 * `memoryMiB` is what the driver reports as total memory where a log shows it (`memorySource` says which).
 */
import type { Vendor } from '../types';

export interface GpuCatalogRow {
	/** Stable slug, e.g. "rtx-pro-6000-blackwell". */
	id: string;
	/** names[0] is the canonical driver name; the rest are aliases matched tolerantly. */
	names: string[];
	vendor: Vendor;
	computeCapability: string | null;
	gfxTarget: string | null;
	appleChip: string | null;
	memoryMiB: number;
	/** 'driver': seen in nvidia-smi / rocm-smi output; 'nominal': marketing GB x 1024 (or the largest configuration). */
	memorySource: 'driver' | 'nominal';
	memoryBandwidthGBps: number | null;
	unifiedMemory: boolean;
	formFactor: string;
	notes: string;
	source: string;
}

const LOGS = 'nvidia-smi output in public GitHub logs and test fixtures (found by code search)';
const AMD_SPECS = 'https://www.amd.com/en/products/accelerators/instinct.html and the Radeon product pages';
const APPLE_SPECS = 'Apple product specifications (memory is the largest configuration; bandwidth per Apple)';

type Row = Omit<GpuCatalogRow, 'vendor' | 'gfxTarget' | 'appleChip' | 'unifiedMemory'> & { unifiedMemory?: boolean };

function nv(row: Row): GpuCatalogRow {
	return { ...row, vendor: 'nvidia', gfxTarget: null, appleChip: null, unifiedMemory: row.unifiedMemory ?? false };
}

function amd(row: Omit<GpuCatalogRow, 'vendor' | 'computeCapability' | 'appleChip' | 'unifiedMemory'> & { unifiedMemory?: boolean }): GpuCatalogRow {
	return { ...row, vendor: 'amd', computeCapability: null, appleChip: null, unifiedMemory: row.unifiedMemory ?? false };
}

function mac(id: string, name: string, chip: string, maxMemoryGB: number, bandwidth: number, notes = ''): GpuCatalogRow {
	return {
		id,
		names: [name, name.replace(/^Apple /, '')],
		vendor: 'apple',
		computeCapability: null,
		gfxTarget: null,
		appleChip: chip,
		memoryMiB: maxMemoryGB * 1024,
		memorySource: 'nominal',
		memoryBandwidthGBps: bandwidth,
		unifiedMemory: true,
		formFactor: 'SoC (unified memory)',
		notes: `Largest configuration ${maxMemoryGB} GB; use the real RAM (sysctl hw.memsize) and budget about 65-75 % for the GPU. ${notes}`.trim(),
		source: `${APPLE_SPECS}; https://developer.apple.com/documentation/metal/mtldevice/recommendedmaxworkingsetsize`,
	};
}

export const GPU_CATALOG: readonly GpuCatalogRow[] = [
	nv({
		id: 'v100-16gb',
		names: ['Tesla V100-SXM2-16GB', 'Tesla V100-PCIE-16GB', 'Tesla V100-FHHL-16GB', 'V100 16GB'],
		computeCapability: '7.0',
		memoryMiB: 16384,
		memorySource: 'nominal',
		memoryBandwidthGBps: 900,
		formFactor: 'SXM2 / PCIe',
		notes: 'Older drivers report 16160 MiB.',
		source: 'https://www.nvidia.com/en-us/data-center/v100/ (900 GB/s); https://developer.nvidia.com/cuda-legacy-gpus (CC 7.0)',
	}),
	nv({
		id: 'v100-32gb',
		names: ['Tesla V100-SXM2-32GB', 'Tesla V100-PCIE-32GB', 'Tesla V100S-PCIE-32GB', 'V100 32GB', 'V100'],
		computeCapability: '7.0',
		memoryMiB: 32768,
		memorySource: 'driver',
		memoryBandwidthGBps: 900,
		formFactor: 'SXM2 / PCIe',
		notes: 'Recent drivers report 32768 MiB, older ones 32510 MiB. V100S: 1134 GB/s.',
		source: `${LOGS}; https://www.nvidia.com/en-us/data-center/v100/`,
	}),
	nv({
		id: 't4',
		names: ['Tesla T4', 'NVIDIA T4', 'T4'],
		computeCapability: '7.5',
		memoryMiB: 15360,
		memorySource: 'driver',
		memoryBandwidthGBps: 320,
		formFactor: 'PCIe low profile, 70 W',
		notes: 'No BF16; vLLM has no MXFP4 path on Turing.',
		source: `${LOGS} ("Tesla T4, 15360 MiB"); NVIDIA T4 datasheet (320 GB/s)`,
	}),
	nv({
		id: 'rtx-3090',
		names: ['NVIDIA GeForce RTX 3090', 'GeForce RTX 3090', 'RTX 3090'],
		computeCapability: '8.6',
		memoryMiB: 24576,
		memorySource: 'driver',
		memoryBandwidthGBps: 936,
		formFactor: 'PCIe desktop',
		notes: 'No FP8.',
		source: 'https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/ (936 GB/s)',
	}),
	nv({
		id: 'a10',
		names: ['NVIDIA A10', 'A10'],
		computeCapability: '8.6',
		memoryMiB: 23028,
		memorySource: 'driver',
		memoryBandwidthGBps: 600,
		formFactor: 'PCIe, 150 W',
		notes: '',
		source: 'https://github.com/chelsea0x3b/dfdx/pull/788 (23028 MiB); https://www.nvidia.com/en-us/data-center/products/a10-gpu/ (600 GB/s)',
	}),
	nv({
		id: 'a10g',
		names: ['NVIDIA A10G', 'A10G'],
		computeCapability: '8.6',
		memoryMiB: 24576,
		memorySource: 'nominal',
		memoryBandwidthGBps: 600,
		formFactor: 'AWS G5 instances',
		notes: 'Nominal 24 GB; the driver reports slightly less.',
		source: 'AWS EC2 G5 instance page (24 GB per GPU); CC 8.6 per developer.nvidia.com/cuda-gpus',
	}),
	nv({
		id: 'a100-40gb-pcie',
		names: ['NVIDIA A100-PCIE-40GB', 'A100 40GB PCIe'],
		computeCapability: '8.0',
		memoryMiB: 40960,
		memorySource: 'driver',
		memoryBandwidthGBps: 1555,
		formFactor: 'PCIe',
		notes: '',
		source: 'https://www.nvidia.com/en-us/data-center/a100/ (1,555 GB/s for the 40 GB PCIe card)',
	}),
	nv({
		id: 'a100-40gb-sxm4',
		names: ['NVIDIA A100-SXM4-40GB', 'A100 40GB', 'A100 40GB SXM'],
		computeCapability: '8.0',
		memoryMiB: 40960,
		memorySource: 'driver',
		memoryBandwidthGBps: 1555,
		formFactor: 'SXM4',
		notes: 'Some drivers report 40536 MiB.',
		source: `${LOGS} ("NVIDIA A100-SXM4-40GB, 40960 MiB"); https://www.nvidia.com/en-us/data-center/a100/`,
	}),
	nv({
		id: 'a100-80gb-pcie',
		names: ['NVIDIA A100 80GB PCIe', 'A100 80GB PCIe'],
		computeCapability: '8.0',
		memoryMiB: 81920,
		memorySource: 'nominal',
		memoryBandwidthGBps: 1935,
		formFactor: 'PCIe',
		notes: '',
		source: 'https://www.nvidia.com/en-us/data-center/a100/ (1,935 GB/s PCIe)',
	}),
	nv({
		id: 'a100-80gb-sxm4',
		names: ['NVIDIA A100-SXM4-80GB', 'A100 80GB', 'A100 80GB SXM', 'A100'],
		computeCapability: '8.0',
		memoryMiB: 81920,
		memorySource: 'driver',
		memoryBandwidthGBps: 2039,
		formFactor: 'SXM4',
		notes: 'BF16 312 TFLOPS dense; no FP8.',
		source: 'https://www.nvidia.com/en-us/data-center/a100/ (2,039 GB/s)',
	}),
	nv({
		id: 'rtx-4090',
		names: ['NVIDIA GeForce RTX 4090', 'GeForce RTX 4090', 'RTX 4090'],
		computeCapability: '8.9',
		memoryMiB: 24564,
		memorySource: 'driver',
		memoryBandwidthGBps: 1008,
		formFactor: 'PCIe desktop',
		notes: '',
		source: 'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/ (1,008 GB/s)',
	}),
	nv({
		id: 'rtx-a6000',
		names: ['NVIDIA RTX A6000', 'RTX A6000', 'A6000'],
		computeCapability: '8.6',
		memoryMiB: 49152,
		memorySource: 'nominal',
		memoryBandwidthGBps: 768,
		formFactor: 'PCIe workstation, 300 W',
		notes: 'GA102, 48 GB GDDR6 with ECC.',
		source:
			'https://www.nvidia.com/en-us/design-visualization/rtx-a6000/ (48 GB GDDR6, 768 GB/s); https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference/blob/7d5af5243b33c4fbea06cfaa962aa7fdee031af6/LLaMA%203/Professional%20GPUs/A6000_v3.ipynb ("NVIDIA RTX A6000, compute capability 8.6")',
	}),
	nv({
		id: 'rtx-6000-ada',
		names: ['NVIDIA RTX 6000 Ada Generation', 'RTX 6000 Ada'],
		computeCapability: '8.9',
		memoryMiB: 49140,
		memorySource: 'driver',
		memoryBandwidthGBps: 960,
		formFactor: 'PCIe workstation, 300 W',
		notes: '',
		source: `${LOGS} ("NVIDIA RTX 6000 Ada Generation, 49140 MiB"); NVIDIA RTX 6000 Ada datasheet (960 GB/s)`,
	}),
	nv({
		id: 'l4',
		names: ['NVIDIA L4', 'L4'],
		computeCapability: '8.9',
		memoryMiB: 23034,
		memorySource: 'driver',
		memoryBandwidthGBps: 300,
		formFactor: 'PCIe low profile, 72 W',
		notes: '',
		source: `${LOGS} ("NVIDIA L4, 23034 MiB"); NVIDIA L4 datasheet (300 GB/s)`,
	}),
	nv({
		id: 'l40s',
		names: ['NVIDIA L40S', 'L40S'],
		computeCapability: '8.9',
		memoryMiB: 46068,
		memorySource: 'driver',
		memoryBandwidthGBps: 864,
		formFactor: 'PCIe, 350 W',
		notes: 'No MIG, no NVLink.',
		source: 'https://www.nvidia.com/en-us/data-center/l40s/ (864 GB/s)',
	}),
	nv({
		id: 'h100-pcie',
		names: ['NVIDIA H100 PCIe', 'H100 PCIe'],
		computeCapability: '9.0',
		memoryMiB: 81559,
		memorySource: 'driver',
		memoryBandwidthGBps: 2000,
		formFactor: 'PCIe, HBM2e',
		notes: 'Lower clocks than SXM.',
		source: `https://www.nvidia.com/en-us/data-center/h100/; ${LOGS} ("NVIDIA H100 PCIe, 81559 MiB")`,
	}),
	nv({
		id: 'h100-sxm',
		names: ['NVIDIA H100 80GB HBM3', 'H100 SXM', 'H100 SXM5', 'H100 80GB', 'H100'],
		computeCapability: '9.0',
		memoryMiB: 81559,
		memorySource: 'driver',
		memoryBandwidthGBps: 3350,
		formFactor: 'SXM5, HBM3',
		notes: 'FP8 1,979 TFLOPS dense; BF16 989 dense.',
		source: 'https://www.nvidia.com/en-us/data-center/h100/ (3.35 TB/s SXM)',
	}),
	nv({
		id: 'h100-nvl',
		names: ['NVIDIA H100 NVL', 'H100 NVL'],
		computeCapability: '9.0',
		memoryMiB: 96256,
		memorySource: 'nominal',
		memoryBandwidthGBps: 3900,
		formFactor: 'PCIe dual-slot, NVLink bridge',
		notes: 'Nominal 94 GB; bandwidth unverified.',
		source: 'https://www.nvidia.com/en-us/data-center/h100/ (H100 NVL: 94 GB, 3.9 TB/s)',
	}),
	nv({
		id: 'h200',
		names: ['NVIDIA H200', 'H200', 'H200 SXM'],
		computeCapability: '9.0',
		memoryMiB: 143771,
		memorySource: 'driver',
		memoryBandwidthGBps: 4800,
		formFactor: 'SXM5, HBM3e',
		notes: '',
		source: 'https://www.nvidia.com/en-us/data-center/h200/ (4.8 TB/s)',
	}),
	nv({
		id: 'gh200',
		names: ['NVIDIA GH200 480GB', 'GH200', 'Grace Hopper'],
		computeCapability: '9.0',
		memoryMiB: 98304,
		memorySource: 'nominal',
		memoryBandwidthGBps: 4000,
		formFactor: 'Grace Hopper superchip (96 GB HBM3 GPU + 480 GB LPDDR5x CPU memory over NVLink-C2C)',
		notes: 'The "480GB" in the name is the Grace CPU memory; nvidia-smi shows about 96 GB of GPU memory.',
		source: `${LOGS} (name "NVIDIA GH200 480GB", about 97.8 GB visible); NVIDIA GH200 datasheet (4 TB/s)`,
	}),
	nv({
		id: 'b200',
		names: ['NVIDIA B200', 'B200'],
		computeCapability: '10.0',
		memoryMiB: 183359,
		memorySource: 'driver',
		memoryBandwidthGBps: 7700,
		formFactor: 'HGX B200, 1,000 W',
		notes: '192 GB HBM3e physical, 180 GB usable as sold. tcgen05 / Tensor Memory. 7.7 TB/s, not the 8 TB/s of the DGX page: the driver reports a 7680-bit bus at 3996 MHz (7.672 TB/s).',
		source:
			'https://github.com/ai-dynamo/aiconfigurator/pull/1246 (B200 SXM corrected to 7.7 TB/s per the NVIDIA Blackwell datasheet); https://github.com/pytorch/ao/pull/4002 (7680-bit bus x 3996 MHz x 2 = 7.672 TB/s, measured on a B200)',
	}),
	nv({
		id: 'gb200',
		names: ['NVIDIA GB200', 'GB200'],
		computeCapability: '10.0',
		memoryMiB: 189471,
		memorySource: 'driver',
		memoryBandwidthGBps: 8000,
		formFactor: 'Grace Blackwell superchip, 1,200 W per GPU',
		notes: '',
		source: 'https://www.nvidia.com/en-us/data-center/gb200-nvl72/',
	}),
	nv({
		id: 'b300',
		names: ['NVIDIA B300 SXM6 AC', 'NVIDIA B300', 'B300'],
		computeCapability: '10.3',
		memoryMiB: 275040,
		memorySource: 'driver',
		memoryBandwidthGBps: 7750,
		formFactor: 'SXM6 (Blackwell Ultra)',
		notes: '288 GB HBM3e (decimal GB).',
		source: 'https://www.nvidia.com/en-us/data-center/gb300-nvl72/; https://github.com/ai-dynamo/aiconfigurator/pull/1246 (B300 SXM 7.75 TB/s)',
	}),
	nv({
		id: 'rtx-5080',
		names: ['NVIDIA GeForce RTX 5080', 'GeForce RTX 5080', 'RTX 5080'],
		computeCapability: '12.0',
		memoryMiB: 16303,
		memorySource: 'driver',
		memoryBandwidthGBps: 960,
		formFactor: 'PCIe desktop',
		notes: 'Needs a driver with CUDA 12.8+.',
		source: `${LOGS} ("NVIDIA GeForce RTX 5080, 16303"); NVIDIA RTX 5080 specs (960 GB/s)`,
	}),
	nv({
		id: 'rtx-5090',
		names: ['NVIDIA GeForce RTX 5090', 'GeForce RTX 5090', 'RTX 5090'],
		computeCapability: '12.0',
		memoryMiB: 32607,
		memorySource: 'driver',
		memoryBandwidthGBps: 1792,
		formFactor: 'PCIe desktop, 575 W',
		notes: 'cudaMemGetInfo reports 32105-32111 MiB. Needs a driver with CUDA 12.8+.',
		source: 'https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5090/ (1,792 GB/s)',
	}),
	nv({
		id: 'rtx-pro-6000-blackwell',
		names: [
			'NVIDIA RTX PRO 6000 Blackwell Workstation Edition',
			'RTX PRO 6000 Blackwell Workstation',
			'RTX PRO 6000 Blackwell',
			'RTX PRO 6000',
		],
		computeCapability: '12.0',
		memoryMiB: 97887,
		memorySource: 'driver',
		memoryBandwidthGBps: 1792,
		formFactor: 'PCIe workstation, 600 W',
		notes: '96 GB GDDR7 ECC, 512-bit. FP4 about 2 PFLOPS dense.',
		source: 'https://www.nvidia.com/en-us/products/workstations/professional-desktop-gpus/rtx-pro-6000/ (1,792 GB/s)',
	}),
	nv({
		id: 'rtx-pro-6000-blackwell-max-q',
		names: ['NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition', 'RTX PRO 6000 Blackwell Max-Q'],
		computeCapability: '12.0',
		memoryMiB: 98304,
		memorySource: 'nominal',
		memoryBandwidthGBps: 1792,
		formFactor: 'PCIe workstation blower, 300 W',
		notes: 'Same 96 GB board as the Workstation Edition at half the power; the driver likely reports about 97887 MiB.',
		source: 'https://www.nvidia.com/en-us/products/workstations/professional-desktop-gpus/rtx-pro-6000-max-q/',
	}),
	nv({
		id: 'rtx-pro-6000-blackwell-server',
		names: ['NVIDIA RTX PRO 6000 Blackwell Server Edition', 'RTX PRO 6000 Blackwell Server'],
		computeCapability: '12.0',
		memoryMiB: 98304,
		memorySource: 'nominal',
		memoryBandwidthGBps: 1792,
		formFactor: 'PCIe passive (server)',
		notes: 'Same 96 GB GDDR7 as the Workstation Edition.',
		source: 'https://www.nvidia.com/en-us/data-center/rtx-pro-6000-blackwell-server-edition/',
	}),
	nv({
		id: 'gb10',
		names: ['NVIDIA GB10', 'GB10', 'DGX Spark'],
		computeCapability: '12.1',
		memoryMiB: 131072,
		memorySource: 'nominal',
		memoryBandwidthGBps: 273,
		unifiedMemory: true,
		formFactor: 'DGX Spark (Grace Blackwell desktop)',
		notes:
			'128 GB LPDDR5x shared with the CPU: nvidia-smi reports memory as [N/A] / Not Supported; read /proc/meminfo. About 120 GB usable for the GPU.',
		source: 'https://www.nvidia.com/en-us/products/workstations/dgx-spark/ (128 GB unified, 273 GB/s); https://github.com/NVIDIA/k8s-device-plugin/issues/1482 (memory.total Not Supported)',
	}),
	amd({
		id: 'mi210',
		names: ['AMD Instinct MI210', 'MI210'],
		gfxTarget: 'gfx90a',
		memoryMiB: 65536,
		memorySource: 'nominal',
		memoryBandwidthGBps: 1638,
		formFactor: 'PCIe',
		notes: '',
		source: AMD_SPECS,
	}),
	amd({
		id: 'mi250x',
		names: ['AMD Instinct MI250X', 'MI250X', 'AMD Instinct MI250', 'MI250'],
		gfxTarget: 'gfx90a',
		memoryMiB: 131072,
		memorySource: 'nominal',
		memoryBandwidthGBps: 3277,
		formFactor: 'OAM (two dies, each shown as a separate GPU with 64 GB)',
		notes: 'rocm-smi lists each of the two dies as a card with half the memory.',
		source: AMD_SPECS,
	}),
	amd({
		id: 'mi300x',
		names: ['AMD Instinct MI300X', 'AMD Instinct MI300X OAM', 'MI300X'],
		gfxTarget: 'gfx942',
		memoryMiB: 196288,
		memorySource: 'driver',
		memoryBandwidthGBps: 5300,
		formFactor: 'OAM, 750 W',
		notes: '192 GB HBM3; rocm-smi reports 205822885888 bytes. FP8 is FNUZ.',
		source: `${AMD_SPECS}; rocm-smi JSON on MI300X ("VRAM Total Memory (B)": "205822885888", test/fixtures/gpu/rocm-smi-mi300x-8x.json)`,
	}),
	amd({
		id: 'mi325x',
		names: ['AMD Instinct MI325X', 'MI325X'],
		gfxTarget: 'gfx942',
		memoryMiB: 262144,
		memorySource: 'nominal',
		memoryBandwidthGBps: 6000,
		formFactor: 'OAM',
		notes: '256 GB HBM3e.',
		source: AMD_SPECS,
	}),
	amd({
		id: 'mi350x',
		names: ['AMD Instinct MI350X', 'MI350X'],
		gfxTarget: 'gfx950',
		memoryMiB: 294912,
		memorySource: 'nominal',
		memoryBandwidthGBps: 8000,
		formFactor: 'OAM, air cooled',
		notes: '288 GB HBM3e.',
		source: AMD_SPECS,
	}),
	amd({
		id: 'mi355x',
		names: ['AMD Instinct MI355X', 'MI355X'],
		gfxTarget: 'gfx950',
		memoryMiB: 294912,
		memorySource: 'nominal',
		memoryBandwidthGBps: 8000,
		formFactor: 'OAM, liquid cooled, 1,400 W',
		notes: '288 GB HBM3e; native MXFP4 and OCP FP8.',
		source: `${AMD_SPECS}; https://github.com/vllm-project/recipes/blob/main/OpenAI/GPT-OSS.md (MI355X)`,
	}),
	amd({
		id: 'rx-7900-xtx',
		names: ['AMD Radeon RX 7900 XTX', 'Radeon RX 7900 XTX', 'RX 7900 XTX'],
		gfxTarget: 'gfx1100',
		memoryMiB: 24576,
		memorySource: 'nominal',
		memoryBandwidthGBps: 960,
		formFactor: 'PCIe desktop',
		notes: '',
		source: AMD_SPECS,
	}),
	amd({
		id: 'radeon-ai-pro-r9700',
		names: ['AMD Radeon AI PRO R9700', 'Radeon AI PRO R9700', 'R9700'],
		gfxTarget: 'gfx1201',
		memoryMiB: 32768,
		memorySource: 'nominal',
		memoryBandwidthGBps: 640,
		formFactor: 'PCIe workstation',
		notes: 'Listed in the vLLM gpt-oss recipe.',
		source: `${AMD_SPECS}; https://github.com/ROCm/TransformerEngine/issues/359 (gfx1201)`,
	}),
	amd({
		id: 'radeon-8060s',
		names: ['AMD Radeon 8060S Graphics', 'Radeon 8060S Graphics', 'Radeon 8060S', '8060S Graphics', 'Strix Halo'],
		gfxTarget: 'gfx1151',
		memoryMiB: 131072,
		memorySource: 'nominal',
		memoryBandwidthGBps: 256,
		unifiedMemory: true,
		formFactor: 'APU (Ryzen AI Max+ 395, unified LPDDR5X)',
		notes:
			'Up to 128 GB of system memory shared with the GPU (BIOS carve-out up to 96 GB, more through GTT: ROCm reported 115200 MiB total in ollama/ollama#16416). 256-bit LPDDR5X-8000 = 256 GB/s.',
		source:
			'https://www.amd.com/en/products/processors/laptop/ryzen/ai-300-series/amd-ryzen-ai-max-plus-395.html (LPDDR5X-8000, 256-bit, Radeon 8060S); https://github.com/ollama/ollama/issues/16416 (ROCm0 8060S Graphics, 115200 MiB)',
	}),
	mac('apple-m1-max', 'Apple M1 Max', 'M1', 64, 400),
	mac('apple-m1-ultra', 'Apple M1 Ultra', 'M1', 128, 800),
	mac('apple-m2-max', 'Apple M2 Max', 'M2', 96, 400),
	mac('apple-m2-ultra', 'Apple M2 Ultra', 'M2', 192, 800),
	mac('apple-m3-max', 'Apple M3 Max', 'M3', 128, 400, 'The 30-core GPU variant has 300 GB/s.'),
	mac('apple-m3-ultra', 'Apple M3 Ultra', 'M3', 512, 819),
	mac('apple-m4-max', 'Apple M4 Max', 'M4', 128, 546, 'The 32-core GPU variant has 410 GB/s.'),
];

/** Lower case, vendor and product-line words dropped, punctuation and spaces removed: "NVIDIA GeForce RTX 5090" -> "rtx5090". */
export function gpuNameKey(name: string): string {
	return name
		.toLowerCase()
		.replace(/\b(nvidia|amd|apple|geforce|tesla|instinct|radeon)\b/g, ' ')
		.replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, GpuCatalogRow>();
for (const row of GPU_CATALOG) {
	for (const key of [row.id, ...row.names].map(gpuNameKey)) {
		if (!BY_KEY.has(key)) BY_KEY.set(key, row);
	}
}

/** Finds a GPU by driver name, alias or id, ignoring case, vendor prefix, spaces and hyphens. */
export function findGpuInCatalog(nameOrId: string | null | undefined): GpuCatalogRow | null {
	if (!nameOrId) return null;
	return BY_KEY.get(gpuNameKey(nameOrId)) ?? null;
}

export function listGpuCatalog(): GpuCatalogRow[] {
	return [...GPU_CATALOG];
}

function bigrams(text: string): Set<string> {
	const grams = new Set<string>();
	for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
	return grams;
}

/** Catalog ids closest to a name (Dice similarity of the name keys), best first. */
export function closestCatalogIds(nameOrId: string, limit = 5): string[] {
	const wanted = bigrams(gpuNameKey(nameOrId));
	const scored = GPU_CATALOG.map((row) => {
		const best = Math.max(
			...[row.id, ...row.names].map((candidate) => {
				const grams = bigrams(gpuNameKey(candidate));
				let shared = 0;
				for (const gram of grams) if (wanted.has(gram)) shared++;
				return (2 * shared) / (grams.size + wanted.size || 1);
			}),
		);
		return { id: row.id, best };
	});
	return scored
		.filter((entry) => entry.best > 0)
		.sort((a, b) => b.best - a.best)
		.slice(0, limit)
		.map((entry) => entry.id);
}
