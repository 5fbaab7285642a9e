/**
 * The local models: small, deterministic stand-ins for LOCAL_CATALOG's entries. They are
 * pure functions of their input, so tests can state the exact expected output.
 */
import { type Attachment, attachmentsIn, type LocalContentBlock } from './attachments.ts';

/**
 * Faults a request can ask for with `[[fault:<name>]]`: in a Converse request, in the text of
 * its last user message (so one faulty turn does not fail the rest of a conversation); in a
 * SageMaker request, anywhere in its body. With several markers the last one counts.
 */
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

const isFault = (name: string | undefined): name is Fault => FAULTS.some((fault) => fault === name);

/** The fault a text asks for: its last marker naming a known fault, if any. */
export function faultIn(text: string): Fault | undefined {
  return [...text.matchAll(/\[\[fault:([a-z-]+)\]\]/g)]
    .map((match) => match[1])
    .filter(isFault)
    .at(-1);
}

/** Whitespace-separated words: the local models' "tokens". */
export const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/**
 * A text cut into one piece per word, each with the whitespace before it (line breaks too):
 * joined they give the text back; counted they are its words.
 */
const pieces = (text: string): string[] => text.trim().match(/\s*\S+/g) ?? [];

/** A tool call of a local model: Converse's `toolUse` block. */
export interface LocalToolUse {
  readonly toolUseId: string;
  readonly name: string;
  readonly input: { readonly text: string };
}

/** A Bedrock model's answer, as the pieces it streams, or a tool call. */
export interface LocalChatAnswer {
  /** One piece per word (the local "token"), with the whitespace before it; joined: the text. */
  readonly tokens: string[];
  readonly stopReason: 'end_turn' | 'max_tokens' | 'tool_use';
  readonly inputTokens: number;
  readonly toolUse?: LocalToolUse;
}

/** One Converse message, with the fields the local chat models read. */
export interface LocalMessage {
  readonly role: string;
  readonly content: readonly LocalContentBlock[];
}

/** The Converse fields the local chat models read. */
export interface LocalChatInput {
  readonly messages: readonly LocalMessage[];
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

const textOf = (blocks: readonly { text?: string }[] = []) =>
  blocks.flatMap((block) => (block.text === undefined ? [] : [block.text])).join(' ');

/**
 * What a model reads of a message: its text and tool results' text, and `<image:png:68>` for an
 * image of 68 bytes (so the echo shows that an image arrived).
 */
const readOf = (blocks: readonly LocalContentBlock[] = []) =>
  blocks
    .flatMap((block) => {
      if (block.image)
        return [
          `<image:${block.image.format ?? '?'}:${Buffer.from(block.image.source?.bytes ?? '', 'base64').length}>`,
        ];
      if (block.toolResult) return [textOf(block.toolResult.content)];
      return block.text === undefined ? [] : [block.text];
    })
    .join(' ');

/**
 * The tool a local model calls: the first offered tool whose name is a word of the user's
 * last message (none when that message carries tool results: the model then echoes them).
 */
function toolCall(input: LocalChatInput, last: LocalMessage | undefined): LocalToolUse | undefined {
  if (!last || last.content.some((block) => block.toolResult)) return undefined;
  const said = new Set(words(textOf(last.content)));
  const name = (input.toolConfig?.tools ?? [])
    .map((tool) => tool.toolSpec?.name)
    .find((candidate) => candidate !== undefined && said.has(candidate));
  return name === undefined
    ? undefined
    : { toolUseId: `tooluse_local_${name}`, name, input: { text: textOf(last.content) } };
}

const lastUserMessage = (input: LocalChatInput) =>
  [...input.messages].reverse().find((message) => message.role === 'user');

/** The fault a Converse request asks for: the marker in the text of its last user message. */
export function chatFault(input: LocalChatInput): Fault | undefined {
  return faultIn(textOf(lastUserMessage(input)?.content));
}

/** How many bytes of an attachment count as one input token locally. */
const ATTACHMENT_BYTES_PER_TOKEN = 1024;

/** Input tokens: the words of every message and of the system prompt, plus attachments by size. */
function inputTokensOf(input: LocalChatInput): number {
  const text = [
    ...input.messages.map((message) =>
      textOf(message.content.flatMap((block) => block.toolResult?.content ?? [block])),
    ),
    textOf(input.system),
  ];
  const attached = input.messages
    .flatMap((message) => attachmentsIn(message.content))
    .reduce((sum, { bytes = 0 }) => sum + Math.ceil(bytes / ATTACHMENT_BYTES_PER_TOKEN), 0);
  return text.reduce((sum, part) => sum + words(part).length, 0) + attached;
}

/** `local.summarizer-v1`: the first twelve words and the word count, on one line. */
const summary = (prompt: string) => {
  const list = words(prompt);
  return [...list.slice(0, 12), `(${list.length} words)`].join(' ');
};

/**
 * The local Bedrock models, all stopping at `maxTokens` words:
 * - `local.echo-v1` answers with the last user message's text, line breaks kept (or calls a
 *   tool named in it, see toolCall);
 * - `local.summarizer-v1` with its first twelve words and the word count;
 * - `local.markdown-v1` with a Markdown document built from it (see markdownAnswer);
 * - `local.attachments-v1` with what the message carried (see describeAttachments).
 */
export function chat(modelId: string, input: LocalChatInput): LocalChatAnswer {
  const lastUser = lastUserMessage(input);
  const toolUse = toolCall(input, lastUser);
  if (toolUse)
    return { tokens: [], stopReason: 'tool_use', inputTokens: inputTokensOf(input), toolUse };
  const prompt = textOf(lastUser?.content);
  const text =
    modelId === 'local.summarizer-v1'
      ? summary(prompt)
      : modelId === 'local.markdown-v1'
        ? markdownAnswer(prompt)
        : modelId === 'local.attachments-v1'
          ? describeAttachments(attachmentsIn(lastUser?.content), prompt)
          : readOf(lastUser?.content);
  const full = pieces(text);
  const limit = input.maxTokens ?? Number.POSITIVE_INFINITY;
  return {
    tokens: full.slice(0, limit),
    stopReason: full.length > limit ? 'max_tokens' : 'end_turn',
    inputTokens: inputTokensOf(input),
  };
}

/** A word as a Markdown table cell (a `|` would end the cell). */
const cell = (word: string) => word.replaceAll('|', '\\|');

/** Shown by markdownAnswer: a wide line, so a code block needs scrolling. */
const WIDE_LINE = `// ${'0123456789'.repeat(14)}`;

/**
 * `local.markdown-v1`: a fixed Markdown document around the prompt: a heading, the prompt as
 * a quote, a table of its first five words, nested ordered and unordered lists with emphasis,
 * inline code and a link, and a fenced TypeScript block with a line wider than a phone.
 */
function markdownAnswer(prompt: string): string {
  const list = words(prompt);
  const shown = list.slice(0, 5);
  const quote = prompt.trim() === '' ? ['(an empty prompt)'] : prompt.trim().split(/\r?\n/);
  return [
    '## Your prompt, in Markdown',
    '',
    ...quote.map((line) => `> ${line}`.trimEnd()),
    '',
    `It has **${list.length} words**; the first ${shown.length} are in this table:`,
    '',
    '| # | word | characters |',
    '| ---: | :--- | ---: |',
    ...shown.map((word, index) => `| ${index + 1} | ${cell(word)} | ${[...word].length} |`),
    '',
    'What this answer shows:',
    '',
    '1. A heading, a quote and a table.',
    '2. Lists, ordered and not:',
    '   - _emphasis_, **strong** and `inline code`;',
    '   - a link: [the Converse API](https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).',
    '3. A fenced code block with its language:',
    '',
    '```typescript',
    `const words: string[] = ${JSON.stringify(shown)};`,
    "const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');",
    WIDE_LINE,
    '```',
  ].join('\n');
}

/** `local.attachments-v1`: a list of the attachments received, with type, format and size. */
function describeAttachments(received: readonly Attachment[], prompt: string): string {
  const count = words(prompt).length;
  if (received.length === 0)
    return `No image or document came with your prompt (${count} words). Attach one to see it described.`;
  return [
    `Received ${received.length} attachment(s) with a prompt of ${count} words:`,
    '',
    ...received.map(({ kind, format, bytes, name }) =>
      kind === 'image'
        ? `- image: ${format}, ${bytes} bytes`
        : `- document "${name}": ${format}, ${bytes} bytes`,
    ),
  ].join('\n');
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
