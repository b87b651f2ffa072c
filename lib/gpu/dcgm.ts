/**
 * GPUs from a DCGM exporter's Prometheus text (dcgm-exporter, default port 9400, path /metrics).
 * Frame-buffer gauges are in MiB: total = FB_FREE + FB_USED (+ FB_RESERVED on newer exporters).
 */
import { fetchUserUrl, parseUserUrl } from '../clients/fetchUserUrl';
import { OverlayError } from '../errors';
import { resolveGpu } from '../knowledge/gpuResolver';
import type { GpuInfo } from '../types';

interface Sample {
	metric: string;
	labels: Record<string, string>;
	value: number;
}

const SAMPLE_LINE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?\s*$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseSamples(text: string): Sample[] {
	const samples: Sample[] = [];
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (!line.startsWith('DCGM_FI_')) continue;
		const match = SAMPLE_LINE.exec(line);
		if (!match) continue;
		const labels: Record<string, string> = {};
		for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]] = label[2].replace(/\\(.)/g, '$1');
		samples.push({ metric: match[1], labels, value: Number(match[3]) });
	}
	return samples;
}

interface DcgmGpu {
	host: string;
	gpu: number;
	labels: Record<string, string>;
	metrics: Map<string, number>;
}

export function parseDcgmMetrics(promText: string): GpuInfo[] {
	const byGpu = new Map<string, DcgmGpu>();
	for (const sample of parseSamples(promText)) {
		// MIG instances carry GPU_I_ID; they are parts of a GPU, not GPUs.
		if (sample.labels.gpu === undefined || sample.labels.GPU_I_ID !== undefined) continue;
		const host = sample.labels.Hostname ?? '';
		const key = `${host}\u0000${sample.labels.UUID ?? sample.labels.gpu}`;
		let entry = byGpu.get(key);
		if (!entry) {
			entry = { host, gpu: Number(sample.labels.gpu), labels: sample.labels, metrics: new Map() };
			byGpu.set(key, entry);
		}
		if (Number.isFinite(sample.value)) entry.metrics.set(sample.metric, sample.value);
	}
	const entries = [...byGpu.values()].sort((a, b) => a.host.localeCompare(b.host) || a.gpu - b.gpu);
	const severalHosts = new Set(entries.map((entry) => entry.host)).size > 1;
	return entries.map((entry, position) => {
		const metric = (name: string): number | null => entry.metrics.get(`DCGM_FI_DEV_${name}`) ?? null;
		const free = metric('FB_FREE');
		const used = metric('FB_USED');
		const total = free !== null && used !== null ? free + used + (metric('FB_RESERVED') ?? 0) : null;
		return resolveGpu({
			name: entry.labels.modelName ?? 'Unknown NVIDIA GPU',
			index: severalHosts ? position : entry.gpu,
			vendor: 'nvidia',
			uuid: entry.labels.UUID ?? null,
			memoryTotalMiB: total,
			memoryUsedMiB: used,
			memoryFreeMiB: free,
			driverVersion: entry.labels.DCGM_FI_DRIVER_VERSION ?? null,
			pciBusId: entry.labels.pci_bus_id ?? null,
			utilizationPercent: metric('GPU_UTIL'),
			temperatureC: metric('GPU_TEMP'),
			powerDrawW: metric('POWER_USAGE'),
			source: 'dcgm',
		});
	});
}

export interface FetchDcgmOptions {
	timeoutMs?: number;
	signal?: AbortSignal;
}

/** A scrape of 8 GPUs is about 100 KB; an exporter with many hosts stays far below this. */
const MAX_SCRAPE_BYTES = 32 * 1024 * 1024;
const DCGM_HINT = 'Check the exporter URL (dcgm-exporter serves http://<host>:9400/metrics) and that n8n can reach that host and port.';

export async function fetchDcgmGpus(url: string, options: FetchDcgmOptions = {}): Promise<GpuInfo[]> {
	const target = parseUserUrl(url, 'the DCGM exporter', 'http://gpu-node:9400/metrics');
	const response = await fetchUserUrl(target, {
		what: 'the DCGM exporter',
		hint: DCGM_HINT,
		timeoutMs: options.timeoutMs ?? 10_000,
		maxBytes: MAX_SCRAPE_BYTES,
		// Not under Allowed Sources (an exporter is on the GPU machine's network, and this URL is the
		// workflow author's setting, not a model source): but an exporter never sends n8n elsewhere.
		sameHostRedirects: true,
		signal: options.signal,
	});
	const display = response.url;
	if (response.status < 200 || response.status >= 300) {
		throw new OverlayError('http', `The DCGM exporter answered HTTP ${response.status}.`, { httpStatus: response.status, url: display, hint: DCGM_HINT });
	}
	const body = response.text();
	const gpus = parseDcgmMetrics(body);
	if (gpus.length === 0) {
		throw new OverlayError('protocol', `No DCGM_FI_DEV_* GPU metrics at ${display}.`, {
			url: display,
			hint: 'Point at a dcgm-exporter /metrics endpoint; other Prometheus exporters do not list GPUs.',
		});
	}
	return gpus;
}
