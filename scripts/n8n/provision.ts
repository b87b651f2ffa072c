/**
 * Puts the two credentials and the example workflows into n8n's database with the n8n CLI, before
 * the server starts. Ids are fixed, so a second start updates rather than duplicates. A record of
 * what was imported (hashes only) lets later starts skip unchanged items, so edits made in the
 * editor survive a restart unless the file itself changed.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from './install';
import { readJson } from './manifest';
import { run } from './process-utils';
import { CREDENTIALS, type Env, type LauncherSettings } from './settings';
import type { WorkflowFile } from './workflows';

const RECORD = '.overlay-provisioned.json';

interface ProvisionRecord {
	credentials?: string;
	workflows: Record<string, string>;
}

/** How to run the n8n CLI: the Node that runs n8n and n8n's bin script. */
export interface N8nCommand {
	nodeBin: string;
	entry: string;
}

export type Cli = (...args: string[]) => Promise<string>;

export function credentialRecords(values: LauncherSettings['credentialValues']) {
	return [
		{ ...CREDENTIALS.vllm, data: values.vllm },
		{ ...CREDENTIALS.lmStudio, data: values.lmStudio },
	];
}

/** Keyed hash: the record never holds a digest an API key could be guessed back from. */
function digest(key: string, text: string): string {
	return crypto.createHmac('sha256', key).update(text).digest('hex');
}

export function makeCli(n8n: N8nCommand, env: Env): Cli {
	return (...args) => run(n8n.nodeBin, [n8n.entry, ...args], { env, cwd: env.N8N_USER_FOLDER });
}

export async function provision({ n8n, env, settings, workflows, encryptionKey, log, force = false }: { n8n: N8nCommand; env: Env; settings: LauncherSettings; workflows: WorkflowFile[]; encryptionKey: string; log: Log; force?: boolean }) {
	const recordFile = path.join(settings.userFolder, '.n8n', RECORD);
	const previous: ProvisionRecord = (force ? undefined : readJson<ProvisionRecord>(recordFile)) ?? { workflows: {} };
	const next: ProvisionRecord = { credentials: previous.credentials, workflows: { ...previous.workflows } };
	const cli = makeCli(n8n, env);
	const scratch = fs.mkdtempSync(path.join(settings.userFolder, '.provision-'));
	try {
		const credentialsJson = JSON.stringify(credentialRecords(settings.credentialValues));
		const credentialsDigest = digest(encryptionKey, credentialsJson);
		if (previous.credentials !== credentialsDigest) {
			const file = path.join(scratch, 'credentials.json');
			fs.writeFileSync(file, credentialsJson, { mode: 0o600 });
			log(`Saving credentials "${CREDENTIALS.vllm.name}" (${settings.credentialValues.vllm.baseUrl}) and "${CREDENTIALS.lmStudio.name}" (${settings.credentialValues.lmStudio.baseUrl}) ...`);
			await cli('import:credentials', `--input=${file}`);
			next.credentials = credentialsDigest;
		}
		const changed = workflows.filter((wf) => previous.workflows[wf.id] !== digest(encryptionKey, fs.readFileSync(wf.file, 'utf8')));
		if (changed.length > 0) {
			const dir = path.join(scratch, 'workflows');
			fs.mkdirSync(dir);
			for (const wf of changed) fs.copyFileSync(wf.file, path.join(dir, `${wf.id}.json`));
			log(`Importing ${changed.length} workflow(s): ${changed.map((wf) => wf.name).join(', ')} ...`);
			await cli('import:workflow', '--separate', `--input=${dir}`);
			for (const wf of changed) {
				await cli('publish:workflow', `--id=${wf.id}`);
				next.workflows[wf.id] = digest(encryptionKey, fs.readFileSync(wf.file, 'utf8'));
			}
		}
		fs.writeFileSync(recordFile, `${JSON.stringify(next, null, '\t')}\n`);
		return { credentialsUpdated: previous.credentials !== next.credentials, workflowsImported: changed.map((wf) => wf.id) };
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}
