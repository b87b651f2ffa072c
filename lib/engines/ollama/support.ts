/**
 * Ollama runs GGUF through llama.cpp code, but which llama.cpp changed over its history:
 * - 0.11.0 to 0.11.4: its own MXFP4 patch on the vendored ggml (gpt-oss launch), a dequantizing kernel;
 * - up to 0.24.0: a vendored ggml, last updated to ec98e2002 on 2025-12-17, before llama.cpp's native
 *   Blackwell FP4 path (b7536, 2025-12-24);
 * - from 0.30.0: the upstream llama-server binary at the build pinned in LLAMA_CPP_VERSION (b9452 in 0.30.0).
 * The llama.cpp rows are reused at the build each window ships, with Ollama's own version numbers.
 */
import { LLAMA_CPP_SUPPORT } from '../llama.cpp';
import { versionMatches } from '../common/versions';
import type { SupportRow } from '../types';

const OWN_MXFP4 =
	'https://github.com/ollama/ollama/blob/v0.11.0/llama/patches/0023-MXFP4.patch (mul_mat_vec_mxfp4 dequantizes in the kernel); https://github.com/ollama/ollama/commit/4fb47ed36862cead8d9455df8e34ae398d83e29f';
const VENDORED_GGML =
	'https://github.com/ollama/ollama/blob/v0.24.0/Makefile.sync (FETCH_HEAD=ec98e2002); https://github.com/ollama/ollama/commit/49a9c9ba6a345e3c4c17f5996bb3767c08e3d5bf (GGML update to ec98e2002, 2025-12-17)';
const LLAMA_SERVER =
	'https://github.com/ollama/ollama/blob/v0.30.0/LLAMA_CPP_VERSION (b9452); https://github.com/ollama/ollama/commit/9db4bdbad6a4981ad761aa2b603e69e8fb83212c ("use llama-server exclusively for GGML models")';

/** llama.cpp's rows as they hold at `build`, without llama.cpp's own version window. */
function llamaCppRowsAt(build: string): SupportRow[] {
	return LLAMA_CPP_SUPPORT.filter((row) => !row.pending && versionMatches(row, build)).map((row) => {
		const copy: SupportRow = { ...row };
		delete copy.minVersion;
		delete copy.maxVersion;
		return copy;
	});
}

const samePath = (a: SupportRow, b: SupportRow) =>
	a.family === b.family && a.vendor === b.vendor && a.minCc === b.minCc && a.maxCc === b.maxCc && a.execution === b.execution && a.kernel === b.kernel;

/** MXFP4 GGUF (gpt-oss) came in 0.11.0; until 0.11.4 it ran on Ollama's own kernels. */
function since(row: SupportRow, version?: string): Pick<SupportRow, 'minVersion'> {
	const min = version ?? (row.family === 'GGUF-MXFP4' ? '0.11.5' : undefined);
	return min ? { minVersion: min } : {};
}

const ownMxfp4Row = {
	family: 'GGUF-MXFP4' as const,
	execution: 'weight-only' as const,
	kernel: "Ollama's own MXFP4 kernels: blocks dequantized to FP16 (mul_mat_vec_mxfp4, convert to F16 for cuBLAS / Metal)",
	minVersion: '0.11.0',
	maxVersion: '0.11.4',
	note: "Ollama shipped gpt-oss with its own MXFP4 support before it synced llama.cpp's (0.11.5).",
	source: OWN_MXFP4,
};

const vendored = llamaCppRowsAt('b7535');
const llamaServer = llamaCppRowsAt('b9452');

export const OLLAMA_SUPPORT: readonly SupportRow[] = [
	{ ...ownMxfp4Row, vendor: 'nvidia', minCc: 61, maxCc: 121 },
	{ ...ownMxfp4Row, vendor: 'amd' },
	{ ...ownMxfp4Row, vendor: 'apple' },
	// Paths llama-server (0.30+) changed, then the same paths in every version, then the ones it replaced.
	...llamaServer
		.filter((row) => !vendored.some((old) => samePath(old, row)))
		.map((row) => ({ ...row, ...since(row, '0.30.0'), source: `${row.source}; ${LLAMA_SERVER}` })),
	...llamaServer
		.filter((row) => vendored.some((old) => samePath(old, row)))
		.map((row) => ({ ...row, ...since(row), source: `${row.source}; ${VENDORED_GGML}; ${LLAMA_SERVER}` })),
	...vendored
		.filter((row) => !llamaServer.some((now) => samePath(now, row)))
		.map((row) => ({ ...row, ...since(row), maxVersion: '0.24.0', source: `${row.source}; ${VENDORED_GGML}` })),
];
