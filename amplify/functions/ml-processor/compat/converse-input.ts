/**
 * What the OpenAI and Anthropic translators share when they build a Converse input: merging
 * turns, decoding images, and the catalog entry's limits and budget hold, so both compatible
 * APIs enforce exactly what `POST /ml/bedrock` enforces.
 */
import type {
  ContentBlock,
  ConverseCommandInput,
  ImageFormat,
  Message,
} from '@aws-sdk/client-bedrock-runtime';

import type { BedrockModel } from '../../../catalog.ts';
import { ApiError, badRequest } from '../../shared/api-error.ts';
import type { UsageAmounts } from '../../shared/usage-ledger.ts';
import { checkImageBlocks, IMAGE_WORST_CASE_TOKENS } from '../attachment-blocks.ts';
import { converseWorstCase } from '../bedrock.ts';

/** The image formats Converse takes (`ImageBlock.format`), by media type. */
const IMAGE_FORMATS: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** A Converse image block from a media type and base64 data; 400 naming `field` otherwise. */
export function imageBlock(mediaType: string, base64: string, field: string): ContentBlock {
  const format = IMAGE_FORMATS[mediaType.toLowerCase()];
  if (!format) throw badRequest(field, `${field}: images must be png, jpeg, gif or webp`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64))
    throw badRequest(field, `${field}: the image data is not base64`);
  return { image: { format, source: { bytes: new Uint8Array(Buffer.from(base64, 'base64')) } } };
}

/**
 * Converse wants turns that alternate, starting with the user: consecutive messages of one role
 * become one message (as both APIs treat them); 400 when the first is not the user's.
 */
export function alternatingTurns(messages: readonly Message[], field: string): Message[] {
  const turns: Message[] = [];
  for (const message of messages) {
    const last = turns.at(-1);
    if (last && last.role === message.role)
      last.content = [...(last.content ?? []), ...(message.content ?? [])];
    else turns.push({ role: message.role, content: [...(message.content ?? [])] });
  }
  if (turns.length === 0) throw badRequest(field, `${field}: at least one user message is needed`);
  if (turns[0]!.role !== 'user')
    throw badRequest(
      `${field}.0.role`,
      `${field}.0.role: the conversation must start with a user message`,
    );
  return turns;
}

/** Characters of text a block carries (text, tool input and results). */
function blockChars(block: ContentBlock): number {
  if (block.text !== undefined) return block.text.length;
  if (block.toolUse) return JSON.stringify(block.toolUse.input ?? {}).length;
  if (block.toolResult)
    return (block.toolResult.content ?? []).reduce(
      (sum, part) =>
        sum + (part.text?.length ?? 0) + (part.json ? JSON.stringify(part.json).length : 0),
      0,
    );
  return 0;
}

/** Every input character of a Converse input: messages, system and tool definitions. */
function inputCharsOf(input: ConverseCommandInput): number {
  const messages = (input.messages ?? []).flatMap((message) => message.content ?? []);
  const system = (input.system ?? []).reduce((sum, block) => sum + (block.text?.length ?? 0), 0);
  const tools = input.toolConfig?.tools ? JSON.stringify(input.toolConfig.tools).length : 0;
  return messages.reduce((sum, block) => sum + blockChars(block), 0) + system + tools;
}

const imagesOf = (input: ConverseCommandInput) =>
  (input.messages ?? [])
    .flatMap((message) => message.content ?? [])
    .flatMap((block) => [block, ...(block.toolResult?.content ?? [])])
    .filter((block) => block.image !== undefined).length;

/** The names of the request fields a limit error points at, in the caller's API. */
export interface LimitFields {
  readonly messages: string;
  readonly maxTokens: string;
}

/**
 * The entry's limits, as `converseInput` applies them to the native route: 413 when the input
 * is over `maxInputChars`, 400 when the output asked for is over `maxOutputTokens`, and the
 * catalog's image rule (`checkImageBlocks`). Returns the
 * output tokens to ask for (the limit when the caller gave none).
 */
export function checkLimits(
  entry: BedrockModel,
  input: ConverseCommandInput,
  maxTokens: number | undefined,
  fields: LimitFields,
): number {
  const inputChars = inputCharsOf(input);
  if (inputChars > entry.limits.maxInputChars)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The prompt is ${inputChars} characters; "${entry.id}" accepts ${entry.limits.maxInputChars}`,
      { field: fields.messages },
    );
  // The catalog's image rule, as the native route applies it to attachments.
  checkImageBlocks(entry, input, fields.messages);
  if (maxTokens !== undefined && maxTokens > entry.limits.maxOutputTokens)
    throw badRequest(
      fields.maxTokens,
      `${fields.maxTokens}: at most ${entry.limits.maxOutputTokens} for "${entry.id}"`,
    );
  return maxTokens ?? entry.limits.maxOutputTokens;
}

/**
 * The budget hold of a compatible request: the native worst case (text and cache writes) plus
 * the characters of tool calls, results and definitions and a ceiling per image.
 */
export function compatWorstCase(input: ConverseCommandInput): UsageAmounts {
  const native = converseWorstCase(input);
  const textChars = [...(input.messages ?? []).flatMap((message) => message.content ?? [])]
    .map((block) => block.text?.length ?? 0)
    .reduce((sum, chars) => sum + chars, 0);
  const systemChars = (input.system ?? []).reduce(
    (sum, block) => sum + (block.text?.length ?? 0),
    0,
  );
  const otherChars = inputCharsOf(input) - textChars - systemChars;
  return {
    ...native,
    inputTokens: native.inputTokens + otherChars + imagesOf(input) * IMAGE_WORST_CASE_TOKENS,
  };
}
