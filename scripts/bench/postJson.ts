/** POSTs a JSON body and reads the whole answer as text (for driving n8n webhooks from the benches). */
import * as http from 'node:http';

export function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(payload);
	});
}
