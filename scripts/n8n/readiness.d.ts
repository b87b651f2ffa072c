/** Types for readiness.js. */
export interface ReadinessWebhook {
	path: string;
	method: string;
}

export interface WaitUntilReadyOptions {
	baseUrl: string;
	webhooks: ReadinessWebhook[];
	child: { exitCode: number | null; signalCode: NodeJS.Signals | string | null };
	logFile: string;
	timeoutMs: number;
	pollMs?: number;
}

export function waitUntilReady(options: WaitUntilReadyOptions): Promise<void>;
export function isWebhookRegistered(baseUrl: string, hookPath: string, method: string): Promise<boolean>;
export function readLog(logFile: string): string;
export function tail(logFile: string, lines?: number): string;
