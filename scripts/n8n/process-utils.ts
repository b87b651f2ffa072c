import { execFile, spawn, type SpawnOptions } from 'node:child_process';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

function failure(file: string, args: readonly string[], status: string, output: string): Error {
	const tail = output.trim().split('\n').slice(-25).join('\n');
	return new Error(`${[file, ...args].join(' ')} failed (${status}):\n${tail}`);
}

/** Runs a command with a fixed argument array; resolves with stdout, rejects with the output tail. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(failure(file, args, String(error.code ?? error.signal), `${stdout}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

/** Like `run` but for long commands: keeps only the output's tail instead of buffering it all. */
export function runStreaming(file: string, args: readonly string[], options: RunOptions = {}): Promise<void> {
	return new Promise((resolve, reject) => {
		const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] };
		const child = spawn(file, args, spawnOptions);
		const tail: string[] = [];
		const take = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				tail.push(line);
				if (tail.length > 25) tail.shift();
			}
		};
		child.stdout?.on('data', take);
		child.stderr?.on('data', take);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve();
			else reject(failure(file, args, String(code ?? signal), tail.join('\n')));
		});
	});
}
