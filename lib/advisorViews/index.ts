/** Views of a Pick Quant Format result for answers people read: candidates in brief, original vs GGUF. */
export { briefCandidate, gib, type CandidateBrief } from './brief';
export { compareCheckpoints, mapComparison, type CheckpointComparison } from './checkpoints';
