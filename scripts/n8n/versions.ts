/**
 * Pinned versions of the runtime the launcher installs. n8n 2.41.3 cannot be installed from the
 * registry (it needs @n8n/agents@0.26.2, never published), hence 2.41.1; n8n 2.x needs Node >= 24.
 */
export const n8nVersion = '2.41.1';
export const nodeVersion = '24.21.0';
export const nodeMajor = 24;
