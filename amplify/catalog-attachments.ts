/**
 * What a Bedrock catalog entry accepts besides text: Converse image and document content
 * blocks, per model (`attachments` on the entry; absent means text only). Bedrock's own
 * limits bound each rule, and `attachmentProblems` checks them with the rest of the catalog.
 */

import { DOCUMENT_FORMATS, IMAGE_FORMATS, type ModelAttachments } from './contract/attachments.ts';

export type { ModelAttachments };

/**
 * Bedrock's ceilings for one message (API reference "Message": up to 20 images of at most
 * 3.75 MB each, up to five documents of at most 4.5 MB each). MB read as 10^6 bytes, the
 * smaller reading, so a catalog value under the ceiling is accepted either way.
 */
const ATTACHMENT_CEILINGS = {
  images: { formats: IMAGE_FORMATS, maxBytes: 3_750_000, maxCount: 20 },
  documents: { formats: DOCUMENT_FORMATS, maxBytes: 4_500_000, maxCount: 5 },
} as const;

/** base64 (how JSON carries the bytes) writes 4 characters for every 3 bytes. */
const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/**
 * The problems of an entry's `attachments`: unknown or no formats, sizes or counts outside
 * Bedrock's ceilings, or an attachment too large to fit the API's body once base64-encoded.
 */
export function attachmentProblems(
  where: string,
  attachments: ModelAttachments | undefined,
  maxBodyBytes: number,
): string[] {
  if (attachments === undefined) return [];
  const problems: string[] = [];
  const kinds = (['images', 'documents'] as const).filter((kind) => attachments[kind]);
  if (kinds.length === 0) problems.push(`${where}: attachments names neither images nor documents`);
  for (const kind of kinds) {
    const rule = attachments[kind]!;
    const ceiling = ATTACHMENT_CEILINGS[kind];
    if (rule.formats.length === 0) problems.push(`${where}: attachments.${kind} allows no format`);
    for (const format of rule.formats)
      if (!(ceiling.formats as readonly string[]).includes(format))
        problems.push(`${where}: attachments.${kind}: "${format}" is not a Bedrock ${kind} format`);
    for (const field of ['maxBytes', 'maxCount'] as const) {
      const value = rule[field];
      if (!Number.isInteger(value) || value < 1 || value > ceiling[field])
        problems.push(
          `${where}: attachments.${kind}.${field} must be an integer from 1 to ${ceiling[field]}`,
        );
    }
    if (base64Length(rule.maxBytes) > maxBodyBytes)
      problems.push(
        `${where}: attachments.${kind}.maxBytes does not fit the API body limit (${maxBodyBytes} bytes) once base64-encoded`,
      );
  }
  return problems;
}
