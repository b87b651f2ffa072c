/**
 * The hosts the Hugging Face Hub serves model files from: huggingface.co answers /<repo>/resolve/...
 * itself for small files and redirects large (LFS / Xet) files to storage and CDN hosts under hf.co
 * and huggingface.co. The keyword `huggingface` in Allowed Sources stands for these rows (https only).
 */
export interface HubHostRow {
	/** Exact host, or `*.` + a domain for its subdomains at any depth. */
	host: string;
	purpose: string;
	source: string;
}

export const HUGGING_FACE_HOSTS: readonly HubHostRow[] = [
	{ host: 'huggingface.co', purpose: 'the Hub: /<repo>/resolve/<revision>/<file>', source: 'https://huggingface.co/docs/hub/en/api' },
	{ host: 'hf.co', purpose: "the Hub's short domain", source: 'https://huggingface.co/docs/hub/en/models-downloading' },
	{
		host: '*.hf.co',
		purpose: 'Xet storage (cas-bridge.xethub.hf.co, cas-server.xethub.hf.co), LFS CDNs (cdn-lfs.hf.co, cdn-lfs-us-1.hf.co, us.aws.cdn.hf.co)',
		source:
			'https://github.com/huggingface/hub-docs/pull/2628 (proxy/firewall host list: *.hf.co, *.xethub.hf.co); https://github.com/huggingface/transformers/issues/33947 (cdn-lfs-us-1.hf.co, cdn-lfs-eu-1.hf.co, cdn-lfs.hf.co); https://github.com/daytonaio/daytona/issues/5153 (redirect to us.aws.cdn.hf.co)',
	},
	{
		host: '*.huggingface.co',
		purpose: 'legacy LFS CDNs (cdn-lfs.huggingface.co, cdn-lfs-us-1.huggingface.co)',
		source: 'https://github.com/huggingface/hub-docs/pull/2628 (legacy huggingface.co LFS hosts that *.hf.co does not cover)',
	},
];
