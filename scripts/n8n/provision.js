'use strict';
/**
 * Puts the two credentials and the example workflows into n8n's database with the n8n CLI, before
 * the server starts. Ids are fixed, so a second start updates rather than duplicates. A record of
 * what was imported (hashes only) lets later starts skip unchanged items, so edits made in the
 * editor survive a restart unless the file itself changed.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./process-utils');
const { CREDENTIALS } = require('./settings');
const { readJson } = require('./install');

const RECORD = '.overlay-provisioned.json';

function credentialRecords(values) {
	return [
		{ ...CREDENTIALS.vllm, data: values.vllm },
		{ ...CREDENTIALS.lmStudio, data: values.lmStudio },
	];
}

/** Keyed hash: the record never holds a digest an API key could be guessed back from. */
function digest(key, text) {
	return crypto.createHmac('sha256', key).update(text).digest('hex');
}

function makeCli(n8n, env) {
	return (...args) => run(n8n.nodeBin, [n8n.entry, ...args], { env, cwd: env.N8N_USER_FOLDER });
}

async function provision({ n8n, env, settings, workflows, encryptionKey, log, force = false }) {
	const recordFile = path.join(settings.userFolder, '.n8n', RECORD);
	const previous = (force ? undefined : readJson(recordFile)) ?? { workflows: {} };
	const next = { credentials: previous.credentials, workflows: { ...previous.workflows } };
	const cli = makeCli(n8n, env);
	const scratch = fs.mkdtempSync(path.join(settings.userFolder, '.provision-'));
	try {
		const credentials = credentialRecords(settings.credentialValues);
		const credentialsJson = JSON.stringify(credentials);
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

module.exports = { provision, credentialRecords, makeCli };
