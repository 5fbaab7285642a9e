import type {
  AttachmentFormat,
  ModelAttachments,
} from '../../../../../amplify/contract/attachments';
import type { AttachmentSummary } from '../../../../../amplify/contract/history';

/** A file picked for the next message: what the history keeps, its bytes and a preview. */
export interface PendingAttachment extends AttachmentSummary {
  /** The file's bytes, base64 (what the request carries). */
  readonly data: string;
  /** Images only: a `data:` URL to show (the CSP's `img-src` allows `data:`). */
  readonly preview?: string;
}

/** What a file is, as the API names it. */
export interface AttachmentType {
  readonly kind: AttachmentSummary['kind'];
  readonly format: AttachmentFormat;
}

/** The API's formats by file extension (the media type is a fallback: it is often empty). */
const BY_EXTENSION: Readonly<Record<string, AttachmentType>> = {
  png: { kind: 'image', format: 'png' },
  jpg: { kind: 'image', format: 'jpeg' },
  jpeg: { kind: 'image', format: 'jpeg' },
  gif: { kind: 'image', format: 'gif' },
  webp: { kind: 'image', format: 'webp' },
  pdf: { kind: 'document', format: 'pdf' },
  csv: { kind: 'document', format: 'csv' },
  doc: { kind: 'document', format: 'doc' },
  docx: { kind: 'document', format: 'docx' },
  xls: { kind: 'document', format: 'xls' },
  xlsx: { kind: 'document', format: 'xlsx' },
  html: { kind: 'document', format: 'html' },
  htm: { kind: 'document', format: 'html' },
  txt: { kind: 'document', format: 'txt' },
  md: { kind: 'document', format: 'md' },
  markdown: { kind: 'document', format: 'md' },
};

const BY_MEDIA_TYPE: Readonly<Record<string, AttachmentType>> = {
  'image/png': BY_EXTENSION['png']!,
  'image/jpeg': BY_EXTENSION['jpeg']!,
  'image/gif': BY_EXTENSION['gif']!,
  'image/webp': BY_EXTENSION['webp']!,
  'application/pdf': BY_EXTENSION['pdf']!,
  'text/csv': BY_EXTENSION['csv']!,
  'text/html': BY_EXTENSION['html']!,
  'text/plain': BY_EXTENSION['txt']!,
  'text/markdown': BY_EXTENSION['md']!,
};

/** The type of a file from its name, else its media type; undefined when the API takes neither. */
export function attachmentTypeOf(file: { readonly name: string; readonly type: string }) {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || BY_MEDIA_TYPE[file.type.toLowerCase()];
}

/** The `accept` attribute of the file input: the extensions of the formats the model takes. */
export function acceptedExtensions(rules: ModelAttachments | undefined): string {
  const formats = new Set([
    ...(rules?.images?.formats ?? []),
    ...(rules?.documents?.formats ?? []),
  ]);
  return Object.entries(BY_EXTENSION)
    .filter(([, type]) => formats.has(type.format))
    .map(([extension]) => `.${extension}`)
    .join(',');
}

/** `12 KB`, `1.4 MB` (decimal units, as the catalog's limits are written). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return $localize`:@@attachments.bytes:${bytes}:count: bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 100) / 10} KB`;
  return `${Math.round(bytes / 100_000) / 10} MB`;
}

/** What the model accepts, in words: `PNG, JPEG images up to 150 KB, 4 per message; TXT documents …`. */
export function describeRules(rules: ModelAttachments | undefined): string {
  const parts: string[] = [];
  if (rules?.images)
    parts.push(
      $localize`:@@attachments.rule.images:${rules.images.formats.join(', ').toUpperCase()}:formats: images up to ${formatBytes(rules.images.maxBytes)}:size:, ${rules.images.maxCount}:count: per message`,
    );
  if (rules?.documents)
    parts.push(
      $localize`:@@attachments.rule.documents:${rules.documents.formats.join(', ').toUpperCase()}:formats: documents up to ${formatBytes(rules.documents.maxBytes)}:size:, ${rules.documents.maxCount}:count: per message`,
    );
  return parts.join('; ');
}

/**
 * Why `file` cannot be attached for a model with `rules`, beside those already attached, or
 * undefined: the same rules the gateway applies (type, size, count per message), so the user
 * learns before sending.
 */
export function attachmentProblem(
  file: { readonly name: string; readonly type: string; readonly size: number },
  attached: readonly AttachmentSummary[],
  rules: ModelAttachments | undefined,
  modelLabel: string,
): string | undefined {
  const type = attachmentTypeOf(file);
  if (!rules)
    return $localize`:@@attachments.problem.textOnly:${modelLabel}:model: accepts text only; pick a model that reads images or documents.`;
  const rule = type && (type.kind === 'image' ? rules.images : rules.documents);
  if (!type || !rule || !(rule.formats as readonly AttachmentFormat[]).includes(type.format))
    return $localize`:@@attachments.problem.type:${file.name}:file: is not a type ${modelLabel}:model: reads. It accepts ${describeRules(rules)}:rules:.`;
  if (file.size === 0) return $localize`:@@attachments.problem.empty:${file.name}:file: is empty.`;
  if (file.size > rule.maxBytes)
    return $localize`:@@attachments.problem.size:${file.name}:file: is ${formatBytes(file.size)}:size:; ${modelLabel}:model: accepts at most ${formatBytes(rule.maxBytes)}:limit:.`;
  if (attached.filter((item) => item.kind === type.kind).length >= rule.maxCount)
    return $localize`:@@attachments.problem.count:${modelLabel}:model: accepts at most ${rule.maxCount}:count: ${type.kind === 'image' ? $localize`:@@attachments.images:images` : $localize`:@@attachments.documents:documents`}:kind: per message.`;
  return undefined;
}

/** Reads a file the rules admitted into an attachment (base64 bytes, and a preview for images). */
export async function readAttachment(file: File, type: AttachmentType): Promise<PendingAttachment> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
  const data = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return {
    kind: type.kind,
    format: type.format,
    name: file.name,
    bytes: file.size,
    data,
    // From the format, not the file's media type, which a pasted or dropped file may lack.
    ...(type.kind === 'image' ? { preview: `data:image/${type.format};base64,${data}` } : {}),
  };
}

/** What the history keeps of an attachment (no bytes, no preview). */
export function attachmentSummary(attachment: AttachmentSummary): AttachmentSummary {
  const { kind, format, name, bytes } = attachment;
  return { kind, format, name, bytes };
}
