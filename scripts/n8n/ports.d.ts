export function isPortFree(port: number): Promise<boolean>;
/** A free port on 127.0.0.1 whose successor is free too (n8n's task broker takes port + 1). */
export function findFreePortPair(): Promise<number>;
