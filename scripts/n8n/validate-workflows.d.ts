import type { KnownTypes } from './known-types';

export interface WorkflowProblems {
	file: string;
	problems: string[];
}

export function validateWorkflow(workflow: unknown, known: KnownTypes): string[];
export function validateWorkflowDir(dir: string, known: KnownTypes): WorkflowProblems[];
