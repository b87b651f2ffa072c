/**
 * Server errors that only chat models with tools meet, turned into a message and a fix. Each row quotes the server's own
 * text and where it comes from; everything else goes to the Generate nodes' rules (lib/clients/*\/errors.ts).
 */
import { OverlayError } from '../errors';
import type { ErrorDescription } from '../clients/http';
import type { ServerError } from '../clients/serverError';
import type { DescribeServerError } from './eventStream';

interface ChatErrorRule {
	pattern: RegExp;
	source: string;
	describe: (serverLabel: string, baseUrl: string, error: ServerError) => ErrorDescription;
}

const TOOL_CALL_PARSERS = 'hermes for Qwen2.5/Qwen3, llama3_json for Llama 3.1/3.2, mistral for Mistral, openai for gpt-oss';

export const CHAT_ERROR_RULES: ChatErrorRule[] = [
	{
		// vllm/entrypoints/openai/serving_chat.py: `"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set`
		pattern: /"auto" tool choice requires --enable-auto-tool-choice/,
		source: 'https://docs.vllm.ai/en/latest/features/tool_calling/#automatic-function-calling',
		describe: (serverLabel, baseUrl) => ({
			message: `${serverLabel} at ${baseUrl} cannot let the model call tools: it was started without --enable-auto-tool-choice and --tool-call-parser.`,
			hint: `Restart vLLM with --enable-auto-tool-choice --tool-call-parser <parser> (${TOOL_CALL_PARSERS}), or connect no tools to the agent.`,
		}),
	},
	{
		// ChatCompletionRequest.check_tool_usage: "Invalid value for `tool_choice`: x! Only named tools, "none", "auto" or "required" are supported."
		pattern: /Invalid value for `tool_choice`/,
		source: 'https://github.com/vllm-project/vllm/blob/main/vllm/entrypoints/openai/chat_completion/protocol.py',
		describe: (serverLabel, _baseUrl, error) => ({
			message: `${serverLabel} refused the tool choice: ${error.message}`,
			hint: 'Set the Tool Choice option to Auto, Required or None.',
		}),
	},
];

/** The chat rules first, then the Generate nodes' rules for the same server. */
export function describeChatError(serverLabel: string, baseUrl: string, fallback: DescribeServerError): DescribeServerError {
	return (error, status) => {
		const rule = CHAT_ERROR_RULES.find((candidate) => candidate.pattern.test(error.message));
		return rule ? rule.describe(serverLabel, baseUrl, error) : fallback(error, status);
	};
}

/** An error event inside a stream that had started fine (vLLM sends it, then `[DONE]`). */
export function midStreamError(serverLabel: string, baseUrl: string, describe: DescribeServerError, clean: (text: string) => string) {
	return (raw: ServerError): OverlayError => {
		const error = { ...raw, message: clean(raw.message) };
		const described = describe(error, typeof error.code === 'number' ? error.code : 500) ?? {};
		return new OverlayError(described.kind ?? 'http', `${serverLabel} stopped its streamed answer with an error: ${described.message ?? error.message}`, {
			url: baseUrl,
			serverMessage: error.message,
			hint: described.hint ?? `${serverLabel} failed while generating ("${error.message}"), so the answer so far was cut off. Check ${serverLabel}'s log for the cause, e.g. out of GPU memory or a crashed engine.`,
		});
	};
}
