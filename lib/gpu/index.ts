/** Public GPU detection API (plain TypeScript, no n8n). */
export { NVIDIA_SMI_COMMAND, NVIDIA_SMI_QUERY_FIELDS, ROCM_SMI_ARGS, ROCM_SMI_COMMAND, nvidiaSmiQueryArgs } from './commands';
export { parseNvidiaSmi } from './nvidiaSmi';
export { parseNvidiaSmiCsv, type NvidiaSmiCsvOptions } from './nvidiaSmiCsv';
export { parseNvidiaSmiXml } from './nvidiaSmiXml';
export { parseRocmSmi } from './rocmSmi';
export { detectGpuTextFormat, parseGpuText, type GpuTextFormat } from './parseText';
export { parseDcgmMetrics, fetchDcgmGpus, type FetchDcgmOptions } from './dcgm';
export { detectGpus, readMeminfo, type DetectGpusOptions, type DetectGpusResult } from './detect';
export { summarizeGpus, describeGpus, type GpuSummary } from './summary';
export { EXPLAINED_FORMATS, formatSupport } from './formatSupport';
