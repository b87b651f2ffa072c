export function readJson(file: string): unknown;
/** Runs work while holding lockDir (mkdir lock); takes over a lock whose owner process is gone. */
export function withLock<T>(lockDir: string, log: (message: string) => void, work: () => Promise<T>): Promise<T>;
