import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { FOLLOWS_LAUNCHER_DEATH, startProcess, stopAllStarted } from '../../scripts/n8n/processes';
import { eventually } from '../eventually';

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** A launcher in a process of its own: it starts `sleep` through startProcess and prints the sleep's pid. */
function startLauncher(scratch: string): { pid: number; sleeperPid: Promise<number>; close: () => void } {
	const script = path.join(scratch, 'launcher.ts');
	fs.writeFileSync(
		script,
		`import { startProcess } from ${JSON.stringify(path.resolve(__dirname, '../../scripts/n8n/processes'))};
const sleeper = startProcess({ name: 'sleeper', command: 'sleep', args: ['300'], env: { PATH: process.env.PATH }, cwd: ${JSON.stringify(scratch)}, logFile: ${JSON.stringify(path.join(scratch, 'sleeper.log'))} });
console.log(sleeper.pid);
setInterval(() => undefined, 1000);
`,
	);
	const launcher = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
	const lines = createInterface({ input: launcher.stdout });
	const sleeperPid = new Promise<number>((resolve, reject) => {
		launcher.once('exit', (code, signal) => reject(new Error(`the launcher exited (${code ?? signal}) before it started anything`)));
		lines.once('line', (line) => resolve(Number(line)));
	});
	return { pid: launcher.pid as number, sleeperPid, close: () => lines.close() };
}

(FOLLOWS_LAUNCHER_DEATH ? test : test.skip)('a launcher killed outright (SIGKILL) takes what it started with it', async () => {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-processes-'));
	const launcher = startLauncher(scratch);
	let sleeperPid = 0;
	try {
		sleeperPid = await launcher.sleeperPid;
		expect(isAlive(sleeperPid)).toBe(true);
		// The tracked pid is the command itself (setpriv execs it in place), so stop() and /proc reads still reach it.
		expect(fs.readFileSync(`/proc/${sleeperPid}/comm`, 'utf8').trim()).toBe('sleep');
		process.kill(launcher.pid, 'SIGKILL');
		expect(await eventually(() => isAlive(sleeperPid), (alive) => !alive, 10_000)).toBe(false);
	} finally {
		for (const pid of [launcher.pid, sleeperPid]) if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
		launcher.close();
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}, 60_000);

test('stopAllStarted stops every process still running, newest first, and forgets those that ended', async () => {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-processes-'));
	const spec = (name: string, seconds: string) => ({ name, command: 'sleep', args: [seconds], env: { PATH: process.env.PATH }, cwd: scratch, logFile: path.join(scratch, `${name}.log`) });
	try {
		const first = startProcess(spec('first', '300'));
		const second = startProcess(spec('second', '300'));
		const brief = startProcess(spec('brief', '0'));
		await eventually(() => brief.isRunning(), (running) => !running, 10_000);
		const exits: string[] = [];
		for (const managed of [first, second]) managed.child.once('exit', () => exits.push(managed.name));
		await stopAllStarted();
		expect([first.isRunning(), second.isRunning(), isAlive(first.pid), isAlive(second.pid)]).toEqual([false, false, false, false]);
		expect(exits).toEqual(['second', 'first']);
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}, 30_000);
