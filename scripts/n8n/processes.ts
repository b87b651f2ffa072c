/**
 * The long-running processes the launcher starts (n8n today; queue mode adds Redis, Postgres and
 * workers the same way): each in its own process group with its output in a log file, stopped as a
 * group (SIGTERM, then SIGKILL after a grace period), and all of them stopped in reverse start order.
 * On Linux each runs under setpriv (util-linux) with its parent-death signal set, so that a launcher
 * killed outright (SIGKILL, the OOM killer, a test runner that gives up) takes them with it instead
 * of leaving Redis, Postgres or n8n holding their ports.
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
	/** Runs as this user instead (a root launcher runs Postgres as its service user). */
	runAs?: ServiceUser;
}

export interface ServiceUser {
	uid: number;
	gid: number;
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => fs.existsSync(file));

/** Whether processes started here end with the launcher however it ends (setpriv's parent-death signal). */
export const FOLLOWS_LAUNCHER_DEATH = SETPRIV !== undefined;

/**
 * `command` through setpriv, which execs it in place (the pid stays the one the launcher tracks): as
 * `runAs` when given, and with a parent-death signal when given. Null when this system has no setpriv.
 */
export function throughSetpriv(
	command: string,
	args: string[],
	{ runAs, parentDeathSignal }: { runAs?: ServiceUser; parentDeathSignal?: NodeJS.Signals },
): { command: string; args: string[] } | null {
	if (!SETPRIV) return null;
	const credentials = runAs ? [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--init-groups'] : [];
	// After the credentials: changing them clears the parent-death signal.
	const deathSignal = parentDeathSignal ? [`--pdeathsig=${parentDeathSignal}`] : [];
	return { command: SETPRIV, args: [...credentials, ...deathSignal, '--', command, ...args] };
}

function commandLine(spec: ProcessSpec): { command: string; args: string[] } {
	const wrapped = throughSetpriv(spec.command, spec.args, { runAs: spec.runAs, parentDeathSignal: spec.stopSignal ?? 'SIGTERM' });
	if (wrapped) return wrapped;
	if (spec.runAs) throw new Error(`${spec.name} must run as another user, which needs setpriv (Debian's util-linux package).`);
	return { command: spec.command, args: spec.args };
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

/** Every process started here and not yet exited, in start order. */
const started = new Set<ManagedProcess>();

export function startProcess(spec: ProcessSpec): ManagedProcess {
	const logStream = fs.createWriteStream(spec.logFile, { flags: 'w' });
	const { command, args } = commandLine(spec);
	const child = spawn(command, args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
		started.delete(managed);
		logStream.end();
	});
	const isRunning = () => child.exitCode === null && child.signalCode === null;
	const managed: ManagedProcess = {
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
	started.add(managed);
	return managed;
}

/** Stops whatever is running, newest first: for a Ctrl-C that comes while the launcher is still starting things. */
export async function stopAllStarted(): Promise<void> {
	await stopAll([...started]);
}

export async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
	for (const managed of [...processes].reverse()) await managed.stop();
}
