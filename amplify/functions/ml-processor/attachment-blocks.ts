/**
 * The attachments of a native Bedrock request (`messages[].attachments`) as Converse image and
 * document blocks, checked against the model's catalog entry (`attachments`): which kinds and
 * formats it accepts, how large and how many per message. A wrong kind, format or count is a
 * 400 naming the field, a file over the model's size a 413.
 */
import type { ContentBlock, ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';

import type { BedrockModel } from '../../catalog.ts';
import type { AttachmentRule } from '../../contract/attachments.ts';
import type { MessageAttachment } from '../../contract/request-bodies.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import type { UsageAmounts } from '../shared/usage-ledger.ts';

/**
 * Tokens held per image: Claude bills about (width × height) / 750 tokens and scales images
 * down to about 1,600 tokens ("Vision", docs.anthropic.com/en/docs/build-with-claude/vision);
 * the hold takes that ceiling, whatever the model.
 */
export const IMAGE_WORST_CASE_TOKENS = 1600;

/** The first bytes of each image format, so a renamed file is refused here, not by the model. */
const IMAGE_SIGNATURES: Readonly<Record<string, (bytes: Buffer) => boolean>> = {
  png: (bytes) => bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])),
  jpeg: (bytes) => bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  gif: (bytes) => bytes.subarray(0, 4).toString('latin1') === 'GIF8',
  webp: (bytes) =>
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};

// DocumentBlock.name: alphanumerics, single whitespace characters, hyphens, parentheses and
// square brackets, at most 200 characters
// (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html).
const NOT_IN_DOCUMENT_NAME = /[^A-Za-z0-9()[\]\s-]+/g;
const DOCUMENT_NAME_MAX = 200;

/**
 * A file name as a DocumentBlock name: other characters (the extension's dot, underscores)
 * become spaces, runs of spaces one; unique within the request, as the model tells documents
 * apart by name.
 */
export function documentName(fileName: string, taken: Set<string>): string {
  const base =
    fileName.replace(NOT_IN_DOCUMENT_NAME, ' ').replace(/\s+/g, ' ').trim().slice(0, 180) ||
    'document';
  let name = base;
  for (let copy = 2; taken.has(name); copy++) name = `${base} (${copy})`;
  taken.add(name.slice(0, DOCUMENT_NAME_MAX));
  return name.slice(0, DOCUMENT_NAME_MAX);
}

const KIND_RULES = { image: 'images', document: 'documents' } as const;

/** The rule of a kind, or a 400: the model takes no attachments, or none of this kind. */
function ruleFor(
  entry: BedrockModel,
  kind: MessageAttachment['kind'],
  field: string,
): AttachmentRule<string> {
  if (!entry.attachments)
    throw badRequest(field, `${field}: "${entry.id}" accepts text only, no images or documents`);
  const rule = entry.attachments[KIND_RULES[kind]];
  if (!rule) throw badRequest(field, `${field}: "${entry.id}" accepts no ${KIND_RULES[kind]}`);
  return rule;
}

/** The bytes of one attachment, checked against its rule (format, content, size). */
function checkedBytes(
  entry: BedrockModel,
  attachment: MessageAttachment,
  rule: AttachmentRule<string>,
  field: string,
): Buffer {
  const { kind, format } = attachment;
  if (!rule.formats.includes(format))
    throw badRequest(
      `${field}.format`,
      `${field}.format: "${entry.id}" accepts ${KIND_RULES[kind]} of type ${rule.formats.join(', ')}, not ${format}`,
    );
  const bytes = Buffer.from(attachment.data, 'base64');
  if (bytes.length === 0) throw badRequest(`${field}.data`, `${field}.data: the file is empty`);
  if (bytes.length > rule.maxBytes)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `${field}: "${attachment.name}" has ${bytes.length} bytes; "${entry.id}" accepts ${KIND_RULES[kind]} of at most ${rule.maxBytes}`,
      { field: `${field}.data` },
    );
  const signature = kind === 'image' ? IMAGE_SIGNATURES[format] : undefined;
  if (signature && !signature(bytes))
    throw badRequest(`${field}.data`, `${field}.data: the file is not a ${format} image`);
  return bytes;
}

/**
 * The Converse blocks of a message's attachments (images and documents, in the order given),
 * or a 400/413 naming the field (`messages.<index>.attachments...`). Only user messages may
 * carry them (Bedrock's rule, API reference "Message"); `names` keeps document names unique
 * across the request.
 */
export function attachmentBlocks(
  entry: BedrockModel,
  message: { readonly role: string; readonly attachments?: readonly MessageAttachment[] },
  index: number,
  names: Set<string>,
): ContentBlock[] {
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) return [];
  const field = `messages.${index}.attachments`;
  if (message.role !== 'user')
    throw badRequest(field, `${field}: only user messages may carry images or documents`);
  for (const kind of ['image', 'document'] as const) {
    const count = attachments.filter((attachment) => attachment.kind === kind).length;
    if (count === 0) continue;
    const rule = ruleFor(entry, kind, field);
    if (count > rule.maxCount)
      throw badRequest(
        field,
        `${field}: "${entry.id}" accepts at most ${rule.maxCount} ${KIND_RULES[kind]} per message; ${count} were sent`,
      );
  }
  return attachments.map((attachment, at): ContentBlock => {
    const rule = ruleFor(entry, attachment.kind, field);
    const bytes = new Uint8Array(checkedBytes(entry, attachment, rule, `${field}.${at}`));
    return attachment.kind === 'image'
      ? {
          image: {
            format: attachment.format as 'png' | 'jpeg' | 'gif' | 'webp',
            source: { bytes },
          },
        }
      : {
          document: {
            format: attachment.format as 'pdf',
            name: documentName(attachment.name, names),
            source: { bytes },
          },
        };
  });
}

/**
 * The compatible APIs' image parts against the entry's image rule, as the native route checks
 * its attachments: a model without images, a format it does not list or more images in a turn
 * than its `maxCount` is a 400 naming the turn (`messages.<turn>`), an image over `maxBytes` a
 * 413. Turns are Converse's (consecutive messages of one role merged).
 */
export function checkImageBlocks(
  entry: BedrockModel,
  input: ConverseCommandInput,
  field: string,
): void {
  (input.messages ?? []).forEach((message, index) => {
    const images = (message.content ?? []).flatMap((block) => (block.image ? [block.image] : []));
    if (images.length === 0) return;
    const at = `${field}.${index}`;
    const rule = ruleFor(entry, 'image', at);
    if (images.length > rule.maxCount)
      throw badRequest(
        at,
        `${at}: "${entry.id}" accepts at most ${rule.maxCount} images per message; ${images.length} were sent`,
      );
    for (const image of images) {
      if (!rule.formats.includes(image.format ?? ''))
        throw badRequest(
          at,
          `${at}: "${entry.id}" accepts images of type ${rule.formats.join(', ')}, not ${image.format}`,
        );
      const bytes = image.source?.bytes?.length ?? 0;
      if (bytes > rule.maxBytes)
        throw new ApiError(
          413,
          'PAYLOAD_TOO_LARGE',
          `${at}: an image has ${bytes} bytes; "${entry.id}" accepts images of at most ${rule.maxBytes}`,
          { field: at },
        );
    }
  });
}

/**
 * The budget hold of a request's attachments on top of its text: a ceiling per image, and a
 * document's bytes as tokens (one token per character, as for text, and a binary file holds
 * more than it will use).
 */
export function withAttachmentsWorstCase(
  text: UsageAmounts,
  input: ConverseCommandInput,
): UsageAmounts {
  let tokens = 0;
  for (const block of (input.messages ?? []).flatMap((message) => message.content ?? [])) {
    if (block.image) tokens += IMAGE_WORST_CASE_TOKENS;
    if (block.document) tokens += block.document.source?.bytes?.length ?? 0;
  }
  return { ...text, inputTokens: text.inputTokens + tokens };
}
