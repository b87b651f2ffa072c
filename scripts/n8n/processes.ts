/**
 * The long-running processes the launcher starts (n8n today; queue mode adds Redis, Postgres and
 * workers the same way): each in its own process group with its output in a log file, stopped as a
 * group (SIGTERM, then SIGKILL after a grace period), and all of them stopped in reverse start order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { Env } from './settings';

export interface ProcessSpec {
	/** For messages: "n8n", later "redis", "worker 1"... */
	name: string;
	command: string;
	args: string[];
	env: Env;
	cwd: string;
	logFile: string;
	/** Sees the output as it comes (the log file gets all of it anyway). */
	onOutput?: (chunk: Buffer) => void;
	/** The signal that asks for a clean stop (default SIGTERM; Postgres' fast shutdown is SIGINT). */
	stopSignal?: NodeJS.Signals;
	/** How long a clean stop may take before SIGKILL (default 15 s). */
	stopGraceMs?: number;
}

export interface MemoryUsage {
	main: number;
	children: Array<{ pid: number; rss: number }>;
}

export interface ManagedProcess {
	name: string;
	child: ChildProcess;
	pid: number;
	logFile: string;
	isRunning(): boolean;
	/** Stops the process and everything in its group; resolves once the process has exited. */
	stop(graceMs?: number): Promise<void>;
	/** Resident memory (MiB) of the process and its direct children. */
	memoryMiB(): MemoryUsage;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is already gone
	}
}

function rssMiB(pid: number): number {
	try {
		const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
		return match ? Math.round(Number(match[1]) / 1024) : 0;
	} catch {
		return 0;
	}
}

function memoryMiB(pid: number): MemoryUsage {
	let children: number[] = [];
	try {
		children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		// not Linux, or the process is gone
	}
	return { main: rssMiB(pid), children: children.map((id) => ({ pid: id, rss: rssMiB(id) })) };
}

export function startProcess(spec: ProcessSpec): ManagedProcess {
	const logStream = fs.createWriteStream(spec.logFile, { flags: 'w' });
	const child = spawn(spec.command, spec.args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (child.pid === undefined) throw new Error(`Could not start ${spec.name} (${spec.command})`);
	const pid = child.pid;
	// Whatever way the launcher ends, it leaves nothing running.
	const safetyNet = () => killGroup(pid, 'SIGKILL');
	process.on('exit', safetyNet);
	for (const stream of [child.stdout, child.stderr]) {
		stream?.pipe(logStream, { end: false });
		if (spec.onOutput) stream?.on('data', spec.onOutput);
	}
	child.once('exit', () => {
		process.removeListener('exit', safetyNet);
		logStream.end();
	});
	const isRunning = () => child.exitCode === null && child.signalCode === null;
	return {
		name: spec.name,
		child,
		pid,
		logFile: spec.logFile,
		isRunning,
		memoryMiB: () => memoryMiB(pid),
		stop: async (graceMs = spec.stopGraceMs ?? 15_000) => {
			const exited = new Promise<void>((resolve) => {
				if (!isRunning()) resolve();
				else child.once('exit', () => resolve());
			});
			killGroup(pid, spec.stopSignal ?? 'SIGTERM');
			const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
			// Children (n8n's task runner) may outlive their parent for a moment.
			killGroup(pid, 'SIGKILL');
		},
	};
}

export async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
	for (const managed of [...processes].reverse()) await managed.stop();
}
