/**
 * The local models: small, deterministic stand-ins for the catalog's local entries. They are
 * pure functions of their input, so tests can state the exact expected output.
 */

/** Faults a request can ask for by containing `[[fault:<name>]]` anywhere in its body. */
export const FAULTS = [
  'throttle', // 429 ThrottlingException
  'unavailable', // 503 ServiceUnavailable
  'model-error', // 424 ModelError (SageMaker) / ModelErrorException (Bedrock); async: failure file
  'timeout', // never answers (until the client goes away)
  'mid-stream', // streams a few chunks, then an exception frame
  'server-error', // works a while, then 500 InternalServerException (streams: after a few chunks)
  'slow', // waits between stream chunks (and before async results)
] as const;
export type Fault = (typeof FAULTS)[number];

/** The fault a request body asks for, if any. */
export function faultIn(body: string): Fault | undefined {
  const match = /\[\[fault:([a-z-]+)\]\]/.exec(body);
  return FAULTS.find((fault) => fault === match?.[1]);
}

/** Whitespace-separated words: the local models' "tokens". */
export const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** A tool call of a local model: Converse's `toolUse` block. */
export interface LocalToolUse {
  readonly toolUseId: string;
  readonly name: string;
  readonly input: { readonly text: string };
}

/** A Bedrock model's answer, as the words it streams, or a tool call. */
export interface LocalChatAnswer {
  readonly tokens: string[];
  readonly stopReason: 'end_turn' | 'max_tokens' | 'tool_use';
  readonly inputTokens: number;
  readonly toolUse?: LocalToolUse;
}

/** A Converse content block as the local models read it (image bytes arrive as base64). */
export interface LocalContentBlock {
  readonly text?: string;
  readonly image?: { readonly format?: string; readonly source?: { readonly bytes?: string } };
  readonly toolResult?: { readonly content?: readonly { readonly text?: string }[] };
}

/** The Converse fields the local chat models read. */
export interface LocalChatInput {
  readonly messages: readonly { role: string; content: readonly LocalContentBlock[] }[];
  readonly system?: readonly { text?: string; cachePoint?: unknown }[];
  readonly maxTokens?: number;
  readonly toolConfig?: { readonly tools?: readonly { readonly toolSpec?: { name?: string } }[] };
}

/** The system text before a `cachePoint` block, or undefined when there is none. */
export function cachedSystemPrefix(input: LocalChatInput): string | undefined {
  const system = input.system ?? [];
  const at = system.findIndex((block) => block.cachePoint !== undefined);
  return at < 0 ? undefined : textOf(system.slice(0, at));
}

const textOf = (blocks: readonly LocalContentBlock[] = []) => blocks.map(blockText).join(' ');

/** A block's words: its text, a tool result's text, or `<image:png:68>` for an image of 68 bytes. */
function blockText(block: LocalContentBlock): string {
  if (block.image)
    return `<image:${block.image.format ?? '?'}:${Buffer.from(block.image.source?.bytes ?? '', 'base64').length}>`;
  if (block.toolResult) return textOf(block.toolResult.content);
  return block.text ?? '';
}

/**
 * The tool a local model calls: the first offered tool whose name is a word of the user's
 * last message (none when that message carries tool results: the model then echoes them).
 */
function toolCall(input: LocalChatInput, last: LocalChatInput['messages'][number] | undefined) {
  if (!last || last.content.some((block) => block.toolResult)) return undefined;
  const said = new Set(words(textOf(last.content)));
  const name = (input.toolConfig?.tools ?? [])
    .map((tool) => tool.toolSpec?.name)
    .find((candidate) => candidate !== undefined && said.has(candidate));
  return name === undefined
    ? undefined
    : { toolUseId: `tooluse_local_${name}`, name, input: { text: textOf(last.content) } };
}

/**
 * `local.echo-v1` answers with the last user message; `local.summarizer-v1` with the first
 * twelve words of it followed by the word count. Both stop at `maxTokens` words.
 */
export function chat(modelId: string, input: LocalChatInput): LocalChatAnswer {
  const lastUser = [...input.messages].reverse().find((message) => message.role === 'user');
  const prompt = words(textOf(lastUser?.content));
  const inputWords =
    input.messages.reduce((sum, message) => sum + words(textOf(message.content)).length, 0) +
    words(textOf(input.system)).length;
  const toolUse = toolCall(input, lastUser);
  if (toolUse) return { tokens: [], stopReason: 'tool_use', inputTokens: inputWords, toolUse };
  const full =
    modelId === 'local.summarizer-v1'
      ? [...prompt.slice(0, 12), `(${prompt.length} words)`]
      : prompt;
  const limit = input.maxTokens ?? Number.POSITIVE_INFINITY;
  return {
    tokens: full.slice(0, limit),
    stopReason: full.length > limit ? 'max_tokens' : 'end_turn',
    inputTokens: inputWords,
  };
}

const POSITIVE = new Set(['good', 'great', 'excellent', 'love', 'happy', 'thanks', 'fast']);
const NEGATIVE = new Set(['bad', 'terrible', 'awful', 'hate', 'angry', 'slow', 'broken']);

/** `local-sentiment`: counts positive and negative words of `inputs`. */
export function sentiment(inputs: unknown): { label: string; score: number } {
  const list = words(typeof inputs === 'string' ? inputs : JSON.stringify(inputs)).map((word) =>
    word.toLowerCase().replace(/[^a-z]/g, ''),
  );
  const score = list.reduce(
    (sum, word) => sum + (POSITIVE.has(word) ? 1 : NEGATIVE.has(word) ? -1 : 0),
    0,
  );
  return {
    label: score > 0 ? 'POSITIVE' : score < 0 ? 'NEGATIVE' : 'NEUTRAL',
    score: list.length === 0 ? 0 : Math.round((score / list.length) * 1000) / 1000,
  };
}

/** Thrown by a local model when its input is not what it understands (a 424 ModelError). */
export class LocalModelError extends Error {
  override readonly name = 'LocalModelError';
}

/** `local-csv-scorer`: one score per CSV row, the mean of its numbers, four decimals. */
export function scoreCsv(csv: string): string {
  return csv
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const values = line.split(',').map((cell) => Number(cell.trim()));
      if (values.some((value) => !Number.isFinite(value)))
        throw new LocalModelError(`row ${index + 1} is not numeric`);
      return (values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(4);
    })
    .join('\n');
}

/** `local-text-stream`: the input's words, one chunk each. */
export function textStream(inputs: unknown): string[] {
  const list = words(typeof inputs === 'string' ? inputs : JSON.stringify(inputs));
  return list.map((word, index) => (index < list.length - 1 ? `${word} ` : word));
}

/** `local-async-summarizer`: first eight words and the word count. */
export function summarize(inputs: unknown): { summary: string; words: number } {
  const list = words(typeof inputs === 'string' ? inputs : JSON.stringify(inputs));
  return { summary: list.slice(0, 8).join(' '), words: list.length };
}
