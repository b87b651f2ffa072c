/** Removes secrets from text before it reaches an output, an error or a log. */
export function redact(text: string, secrets: Array<string | undefined | null>): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		result = result.split(secret).join('***');
	}
	return result.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi, '$1***');
}
