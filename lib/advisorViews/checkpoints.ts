/**
 * The model's own checkpoint (safetensors, for vLLM and SGLang) next to its GGUF ports (llama.cpp,
 * LM Studio, Ollama) on the same GPUs: which runs natively, where efficiency is lost and why.
 * The claim this answers: "GGUF ports convert the weights to INT4/INT8". For gpt-oss they do not:
 * its GGUF keeps the MoE experts in MXFP4 (ggml type 39), and what differs is the kernel.
 */
import type { RejectedOption } from '../advisor/types';
import type { Candidate } from '../types';

export interface CheckpointComparison<C = Candidate> {
	/** The best candidate that runs the original (safetensors) checkpoint. */
	original: C | null;
	/** GGUF candidates from published ports, best first. */
	ggufPorts: C[];
	/** Candidates for the GGUF file that was read, when one was given. */
	ggufFile: { path: string; candidates: C[] } | null;
	/** "vLLM (MXFP4 safetensors): weight-only. <first two reasons>" for every candidate that is not native. */
	efficiencyLost: string[];
	/** Set when the GGUF keeps the format of the original (MXFP4), against the INT4/INT8 claim. */
	correction: string | null;
	verdict: string;
	/** "On <GPUs>: <verdict>" */
	summary: string;
}

const MXFP4_CORRECTION =
	'The GGUF of this model keeps the MoE expert weights in MXFP4 (ggml type 39) unchanged: it is not a conversion to INT4/INT8. What differs between the two is the kernel each engine runs on this GPU.';

const where = (candidate: Candidate) => `${candidate.engineLabel} (${candidate.format} ${candidate.checkpoint})`;

function verdictOf(original: Candidate | null, port: Candidate | null, rejected: readonly RejectedOption[]): string {
	if (!original || !port) {
		return `Only one side can run here, so there is nothing to compare${rejected.length ? `: ${rejected.map((option) => option.reason).join(' ')}` : '.'}`;
	}
	const originalNative = original.execution === 'native';
	const portNative = port.execution === 'native';
	if (originalNative && portNative) return 'Both run natively on the tensor cores: no efficiency is lost either way.';
	if (originalNative) {
		return `The original checkpoint runs natively in ${original.engineLabel}; the GGUF runs ${port.execution} in ${where(port)}: that kernel is where efficiency is lost, not the weights.`;
	}
	if (portNative) {
		return `The GGUF runs natively in ${where(port)}, while ${original.engineLabel} runs the original checkpoint ${original.execution}: here the loss is on the ${original.engineLabel} side.`;
	}
	return `Neither runs natively on these tensor cores: ${original.engineLabel} runs the original ${original.execution}, ${where(port)} runs ${port.execution}.`;
}

/** GPU names with their ISA, each once: "NVIDIA RTX PRO 6000 Blackwell Workstation Edition (sm_120)". */
function gpuNames(gpus: ReadonlyArray<{ name?: string | null; isa?: string | null }>): string {
	return [...new Set(gpus.map((gpu) => `${gpu.name ?? 'GPU'}${gpu.isa ? ` (${gpu.isa})` : ''}`))].join(', ');
}

export function compareCheckpoints(
	result: { candidates: readonly Candidate[]; rejected: readonly RejectedOption[] },
	gpus: ReadonlyArray<{ name?: string | null; isa?: string | null }>,
	ggufFile?: string,
): CheckpointComparison {
	// A candidate for the file that was read names that file in its arguments.
	const fromFile = (candidate: Candidate) => !!ggufFile && candidate.engineArgs.args.includes(ggufFile);
	const originals = result.candidates.filter((candidate) => candidate.checkpoint === 'safetensors');
	const ports = result.candidates.filter((candidate) => candidate.checkpoint === 'gguf' && !fromFile(candidate));
	const inspected = result.candidates.filter(fromFile);
	const original = originals[0] ?? null;
	const port = ports[0] ?? null;
	const verdict = verdictOf(original, port, result.rejected);
	return {
		original,
		ggufPorts: ports,
		ggufFile: ggufFile ? { path: ggufFile, candidates: inspected } : null,
		efficiencyLost: [...originals, ...ports, ...inspected]
			.filter((candidate) => candidate.execution !== 'native')
			.map((candidate) => `${where(candidate)}: ${candidate.execution}. ${candidate.reasons.slice(0, 2).join(' ')}`),
		correction: port?.format === 'MXFP4' ? MXFP4_CORRECTION : null,
		verdict,
		summary: `On ${gpuNames(gpus)}: ${verdict}`,
	};
}

/** The same comparison with every candidate shown another way (e.g. in brief). */
export function mapComparison<C>(comparison: CheckpointComparison, view: (candidate: Candidate) => C): CheckpointComparison<C> {
	return {
		...comparison,
		original: comparison.original && view(comparison.original),
		ggufPorts: comparison.ggufPorts.map(view),
		ggufFile: comparison.ggufFile && { path: comparison.ggufFile.path, candidates: comparison.ggufFile.candidates.map(view) },
	};
}
