import type { LauncherSettings } from './settings';

export function credentialRecords(values: LauncherSettings['credentialValues']): Array<{ id: string; name: string; type: string; data: Record<string, string> }>;
