/**
 * Converse image and document content blocks as the local Bedrock models see them: what a
 * message carries, and whether Bedrock would accept it for a model with given catalog rules.
 */
import type { ModelAttachments } from '../../amplify/catalog-attachments.ts';

/** Where an attachment's bytes are; on the JSON wire `bytes` is base64. */
interface LocalSource {
  readonly bytes?: string;
}

/** A Converse content block, with the fields the local models read. */
export interface LocalContentBlock {
  readonly text?: string;
  readonly image?: { readonly format?: string; readonly source?: LocalSource };
  readonly document?: {
    readonly format?: string;
    readonly name?: string;
    readonly source?: LocalSource;
  };
  /** A tool's answer in a user message (the compatible endpoints' tool turns). */
  readonly toolResult?: { readonly content?: readonly { readonly text?: string }[] };
}

/** One image or document block of a message. */
export interface Attachment {
  readonly kind: 'image' | 'document';
  readonly format: string;
  /** Decoded size; undefined when the block has no `bytes` source (S3 or text sources). */
  readonly bytes: number | undefined;
  /** Documents only. */
  readonly name?: string;
}

/** The image and document blocks of a message's content, in order. */
export function attachmentsIn(content: readonly LocalContentBlock[] = []): Attachment[] {
  return content.flatMap((block): Attachment[] => {
    const item = block.image ?? block.document;
    if (!item) return [];
    const encoded = item.source?.bytes;
    return [
      {
        kind: block.image ? 'image' : 'document',
        format: item.format ?? '',
        bytes: typeof encoded === 'string' ? Buffer.from(encoded, 'base64').length : undefined,
        ...(block.document ? { name: block.document.name ?? '' } : {}),
      },
    ];
  });
}

// DocumentBlock.name: alphanumerics, single whitespace characters, hyphens, parentheses and
// square brackets, 1 to 200 characters (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html).
const DOCUMENT_NAME = /^(?:[A-Za-z0-9()[\]-]|\s(?!\s))+$/;
const DOCUMENT_NAME_MAX = 200;

/** Why an attachment breaks its rule (format, size, name), or undefined. */
function attachmentProblem(
  attachment: Attachment,
  rule: { readonly formats: readonly string[]; readonly maxBytes: number },
): string | undefined {
  const { kind, format, bytes, name } = attachment;
  if (!rule.formats.includes(format))
    return `${kind} format "${format}" is not accepted by this model (accepted: ${rule.formats.join(', ')})`;
  if (bytes === undefined) return `the local models read only ${kind}s given as bytes`;
  if (bytes === 0) return `the ${kind} is empty`;
  if (bytes > rule.maxBytes)
    return `the ${kind} has ${bytes} bytes; this model accepts at most ${rule.maxBytes}`;
  if (name !== undefined && (name.length > DOCUMENT_NAME_MAX || !DOCUMENT_NAME.test(name)))
    return 'a document name may hold only letters, digits, single spaces, hyphens, parentheses and square brackets (1 to 200)';
  return undefined;
}

/**
 * Why Bedrock would refuse the request's attachments for a model that accepts `rules` (a
 * ValidationException), or undefined. Bedrock's rules (API reference "Message"): images and
 * documents only in user messages, a document needs a text block beside it, and per message
 * at most the model's count of each kind.
 */
export function attachmentsProblem(
  messages: readonly { role: string; content: readonly LocalContentBlock[] }[],
  rules: ModelAttachments | undefined,
): string | undefined {
  for (const message of messages) {
    const received = attachmentsIn(message.content);
    if (received.length === 0) continue;
    if (message.role !== 'user') return 'images and documents are allowed only in user messages';
    const hasText = message.content.some((block) => (block.text ?? '').trim() !== '');
    if (!hasText && received.some((attachment) => attachment.kind === 'document'))
      return 'a message with a document needs a text block too';
    for (const [kind, rule] of [
      ['image', rules?.images],
      ['document', rules?.documents],
    ] as const) {
      const ofKind = received.filter((attachment) => attachment.kind === kind);
      if (ofKind.length === 0) continue;
      if (!rule) return `this model does not accept ${kind} content blocks`;
      if (ofKind.length > rule.maxCount)
        return `this model accepts at most ${rule.maxCount} ${kind}(s) per message`;
      const problem = ofKind.map((attachment) => attachmentProblem(attachment, rule)).find(Boolean);
      if (problem) return problem;
    }
  }
  return undefined;
}
