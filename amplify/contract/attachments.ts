/**
 * The image and document content blocks a Bedrock model accepts besides text (the catalog's
 * `attachments`, shown to the app by `GET /ml/models`).
 */

// The formats Bedrock's API reference lists for ImageBlock and DocumentBlock
// (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html, ..._DocumentBlock.html).
export const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;
export const DOCUMENT_FORMATS = [
  'pdf',
  'csv',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'html',
  'txt',
  'md',
] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** Any format an attachment may have. */
export type AttachmentFormat = ImageFormat | DocumentFormat;

/** Which attachments of one kind a model accepts. */
export interface AttachmentRule<Format extends string> {
  readonly formats: readonly Format[];
  /** Largest attachment of this kind, in bytes (before base64). */
  readonly maxBytes: number;
  /** Most attachments of this kind in one message. */
  readonly maxCount: number;
}

/** The catalog's `attachments` field of a Bedrock entry. */
export interface ModelAttachments {
  readonly images?: AttachmentRule<ImageFormat>;
  readonly documents?: AttachmentRule<DocumentFormat>;
}
