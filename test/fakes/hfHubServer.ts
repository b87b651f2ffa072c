/**
 * A loopback fake of the Hugging Face Hub's file API and its CDN, as huggingface_hub and
 * huggingface.js meet them (https://huggingface.co/docs/hub/en/api,
 * https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/file_download.py):
 * - GET /<id>/resolve/<revision>/<file>: small files (config.json, the index) answer 200 from the
 *   Hub itself with X-Repo-Commit and ETag; safetensors files (LFS / Xet) answer 302 to a storage
 *   host (here the CDN server) with a signed query and X-Linked-Size, as the Hub redirects to
 *   cas-bridge.xethub.hf.co or cdn-lfs.hf.co;
 * - the CDN honours Range (206 with Content-Range) and ignores Authorization (its URLs are signed);
 * - a renamed repository answers 307 with a relative Location to its new id;
 * - errors as hf_raise_for_status reads them (X-Error-Code / X-Error-Message,
 *   https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/utils/_http.py):
 *   an unknown repo is 401 RepoNotFound without a token and 404 with one (the Hub hides private
 *   repos, https://gist.github.com/Wauplin/46c27ad266b15998ce56a6603796f0b9); a gated repo is 401
 *   GatedRepo without a token and 403 GatedRepo with a token that has no access; a token the Hub does
 *   not know is 401 "Invalid credentials in Authorization header"; a missing file is 404
 *   EntryNotFound; an unknown revision 404 RevisionNotFound.
 * The checkpoints are generated from real configs (hubCheckpoints.ts); tensor data is zeros.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { shard, tensorBytes, type FakeTensor } from './hubCheckpoints';

export interface FakeHubRepo {
	id: string;
	config: Record<string, unknown>;
	/** No tensors: a repository without safetensors (config.json only). */
	tensors?: FakeTensor[];
	/** Shard size limit; without it, one model.safetensors. */
	maxShardBytes?: number;
	/** Shard file name (gpt-oss numbers from 00000). */
	shardName?: (index: number, count: number) => string;
	/** Readable only with a token in `accessTokens`. */
	gated?: boolean;
	/** Old ids that answer 307 to this one. */
	renamedFrom?: string[];
	revisions?: string[];
}

export interface FakeHubOptions {
	repos: FakeHubRepo[];
	/** Tokens the Hub knows; tokens of accounts with access to the gated repos. */
	knownTokens?: string[];
	accessTokens?: string[];
	/** Where the Hub says the CDN is (default http://127.0.0.1:<cdn port>): a host name for lookup tests. */
	cdnBase?: (port: number) => string;
	/** Sends LFS files somewhere else (a redirect to a private address, say). */
	lfsLocation?: (file: string) => string | null;
	/** The CDN sends the whole file whatever the Range (a proxy that strips Range does this). */
	cdnIgnoresRange?: boolean;
}

export interface HubRequest {
	server: 'hub' | 'cdn';
	path: string;
	range: string | undefined;
	authorization: string | undefined;
}

export interface FakeHub {
	url: string;
	cdnUrl: string;
	requests: HubRequest[];
	close(): Promise<void>;
}

/** A safetensors file with a real header and (virtual) zero data. */
interface VirtualFile {
	header: Buffer;
	size: number;
}

function safetensorsFile(tensors: FakeTensor[]): VirtualFile {
	const entries: Record<string, unknown> = { __metadata__: { format: 'pt' } };
	let offset = 0;
	for (const tensor of tensors) {
		const bytes = tensorBytes(tensor);
		entries[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes] };
		offset += bytes;
	}
	let json = JSON.stringify(entries);
	// safetensors pads the header with spaces so that the data starts 8-byte aligned.
	json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
	const body = Buffer.from(json);
	const header = Buffer.alloc(8 + body.length);
	header.writeBigUInt64LE(BigInt(body.length), 0);
	body.copy(header, 8);
	return { header, size: header.length + offset };
}

function slice(file: VirtualFile, start: number, end: number): Buffer {
	const out = Buffer.alloc(end - start + 1);
	if (start < file.header.length) file.header.copy(out, 0, start, Math.min(end + 1, file.header.length));
	return out;
}

interface Served {
	files: Map<string, { json?: string; lfs?: VirtualFile }>;
	repo: FakeHubRepo;
}

function buildRepo(repo: FakeHubRepo): Served {
	const files = new Map<string, { json?: string; lfs?: VirtualFile }>();
	files.set('config.json', { json: JSON.stringify(repo.config, null, 2) });
	if (repo.tensors) {
		if (!repo.maxShardBytes) {
			files.set('model.safetensors', { lfs: safetensorsFile(repo.tensors) });
		} else {
			const shards = shard(repo.tensors, repo.maxShardBytes);
			const name = repo.shardName ?? ((i, n) => `model-${String(i + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`);
			const weightMap: Record<string, string> = {};
			let total = 0;
			shards.forEach((tensors, i) => {
				const file = name(i, shards.length);
				files.set(file, { lfs: safetensorsFile(tensors) });
				for (const tensor of tensors) {
					weightMap[tensor.name] = file;
					total += tensorBytes(tensor);
				}
			});
			files.set('model.safetensors.index.json', { json: JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2) });
		}
	}
	return { files, repo };
}

function listen(server: http.Server): Promise<number> {
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
	const repos = new Map(options.repos.map((repo) => [repo.id, buildRepo(repo)]));
	const renamed = new Map(options.repos.flatMap((repo) => (repo.renamedFrom ?? []).map((old) => [old, repo.id] as const)));
	const known = new Set([...(options.knownTokens ?? []), ...(options.accessTokens ?? [])]);
	const access = new Set(options.accessTokens ?? []);
	const requests: HubRequest[] = [];
	const blobs = new Map<string, VirtualFile>();
	const sockets = new Set<Socket>();

	const error = (res: http.ServerResponse, status: number, code: string | null, message: string) => {
		res.writeHead(status, { 'content-type': 'application/json', 'x-error-message': message, ...(code ? { 'x-error-code': code } : {}) });
		res.end(JSON.stringify({ error: message }));
	};

	let cdnBase = '';
	const hub = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://hub');
		requests.push({ server: 'hub', path: url.pathname, range: req.headers.range, authorization: req.headers.authorization });
		const match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
		if (!match) return error(res, 404, null, 'Not Found');
		const [, id, rawRevision, rawFile] = match;
		const revision = decodeURIComponent(rawRevision);
		const file = rawFile.split('/').map(decodeURIComponent).join('/');
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (token !== undefined && !known.has(token)) return error(res, 401, null, 'Invalid credentials in Authorization header');
		const newId = renamed.get(id);
		if (newId) {
			res.writeHead(307, { location: `/${newId}/resolve/${rawRevision}/${rawFile}` });
			res.end();
			return;
		}
		const served = repos.get(id);
		if (!served) return error(res, token ? 404 : 401, 'RepoNotFound', 'Repository not found');
		if (served.repo.gated && !(token && access.has(token))) {
			return token
				? error(res, 403, 'GatedRepo', `Access to model ${id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${id} to ask for access.`)
				: error(res, 401, 'GatedRepo', `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
		}
		if (!['main', ...(served.repo.revisions ?? [])].includes(revision)) return error(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
		const entry = served.files.get(file);
		if (!entry) return error(res, 404, 'EntryNotFound', 'Entry not found');
		const commit = '0123456789abcdef0123456789abcdef01234567';
		if (entry.json !== undefined) {
			res.writeHead(200, { 'content-type': 'application/json', 'x-repo-commit': commit, etag: `"${entry.json.length}"` });
			res.end(entry.json);
			return;
		}
		const key = `${id}/${file}`;
		blobs.set(key, entry.lfs!);
		const location = options.lfsLocation?.(file) ?? `${cdnBase}/repos/${encodeURIComponent(key)}?X-Amz-Signature=fake&X-Amz-Expires=3600`;
		res.writeHead(302, { location, 'x-repo-commit': commit, 'x-linked-size': String(entry.lfs!.size), 'x-linked-etag': `"${key}"` });
		res.end();
	});

	const cdn = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://cdn');
		requests.push({ server: 'cdn', path: url.pathname, range: req.headers.range, authorization: req.headers.authorization });
		const key = decodeURIComponent(url.pathname.replace(/^\/repos\//, ''));
		const file = blobs.get(key);
		if (!file || url.searchParams.get('X-Amz-Signature') !== 'fake') {
			res.writeHead(403, { 'content-type': 'application/xml' });
			res.end('<Error><Code>AccessDenied</Code></Error>');
			return;
		}
		const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
		if (!range || options.cdnIgnoresRange) {
			// The whole file would be gigabytes: send the header and 1 MiB of zeros, which is already more than was asked for.
			const size = Math.min(file.size, file.header.length + 1024 * 1024);
			res.writeHead(200, { 'content-length': String(file.size), 'accept-ranges': 'bytes' });
			res.end(slice(file, 0, size - 1));
			return;
		}
		const start = Number(range[1]);
		const end = Math.min(Number(range[2]), file.size - 1);
		if (start >= file.size) {
			res.writeHead(416, { 'content-range': `bytes */${file.size}` });
			res.end();
			return;
		}
		res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${file.size}`, 'content-length': String(end - start + 1), 'accept-ranges': 'bytes' });
		res.end(slice(file, start, end));
	});

	for (const server of [hub, cdn]) {
		server.on('connection', (socket: Socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
	}
	const hubPort = await listen(hub);
	const cdnPort = await listen(cdn);
	cdnBase = options.cdnBase?.(cdnPort) ?? `http://127.0.0.1:${cdnPort}`;
	return {
		url: `http://127.0.0.1:${hubPort}`,
		cdnUrl: cdnBase,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await Promise.all([hub, cdn].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
		},
	};
}
