/** Shapes of the audit route (docs/audit.md): metadata only, never captured content. */

/** Kinds of audit record. */
export const AUDIT_RECORD_KINDS = [
  'model-call',
  'guardrail',
  'admin-action',
  'key-operation',
  'scim-change',
] as const;
export type AuditRecordKind = (typeof AUDIT_RECORD_KINDS)[number];

/** Query parameters of `GET /audit/records`. */
export interface AuditQuery {
  /** UTC day, `yyyy-mm-dd`. */
  readonly day: string;
  readonly kind?: AuditRecordKind;
  /** The processor's outcome, e.g. `ok`, `guardrail_intervened`, `error`. */
  readonly outcome?: string;
  /** Cognito user name (exact). */
  readonly username?: string;
  readonly model?: string;
  readonly cursor?: string;
}

/** Whose captured content an administrator read (on the record of that read). */
export interface ContentReadSubject {
  /** The read record's id (`AuditEntry.recordId`) and request id. */
  readonly recordId: string;
  readonly requestId: string;
  /** The record's owner: the caller whose request content was read. */
  readonly sub: string;
  readonly username: string;
}

/** One audit record as administrators see it. */
export interface AuditEntry {
  /** Names the record for `POST /audit/records/{recordId}/content` (opaque). */
  readonly recordId: string;
  readonly kind: AuditRecordKind;
  readonly at: string;
  readonly requestId: string;
  readonly sub: string;
  readonly username: string;
  readonly group?: string;
  readonly action: string;
  readonly model?: string;
  readonly policy?: string;
  readonly policyVersion?: string;
  readonly outcome: string;
  readonly status: number;
  readonly errorCode?: string;
  readonly intervention?: string;
  readonly masked?: readonly string[];
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  /** Charged, in nano-dollars (1e-9 USD). */
  readonly costNanoUsd?: number;
  readonly latencyMs: number;
  readonly retentionDays: number;
  /** What an admin action changed, item by item (e.g. a group-mapping entry's before and after). */
  readonly changes?: readonly {
    readonly item: string;
    readonly before?: string;
    readonly after?: string;
  }[];
  /** Whether content was kept, and how (never the content itself). */
  readonly contentCaptured?: 'sha256' | 'kms';
  /** On the record of a content read: why, and whose content. */
  readonly reason?: string;
  readonly readOf?: ContentReadSubject;
}

/** `GET /audit/records` answer: a page, oldest first; `cursor` fetches the next. */
export interface AuditPage {
  readonly records: readonly AuditEntry[];
  readonly cursor?: string;
}

/** Largest page the route returns. */
export const AUDIT_PAGE_LIMIT = 100;

/**
 * The reason an administrator must give to read a record's captured content: trimmed, at least
 * `minChars` (a ticket number and a word), at most `maxChars` (it is shown to the record's owner
 * and kept in the audit record), one line of printable text.
 */
export const CONTENT_READ_REASON = { minChars: 10, maxChars: 300 } as const;

/** Body of `POST /audit/records/{recordId}/content`. */
export interface ContentReadRequest {
  readonly reason: string;
}

/** What a content read answers: the content (`kms` capture) or its hash (`sha256`). */
export type ContentReadAnswer =
  | { readonly recordId: string; readonly mode: 'kms'; readonly content: string }
  | { readonly recordId: string; readonly mode: 'sha256'; readonly sha256: string };

/** One read of the caller's content, as `GET /audit/content-reads` shows it to its owner. */
export interface ContentReadNotice {
  /** When it was read (ISO 8601, UTC). */
  readonly at: string;
  /** Who read it (the administrator's user name) and why. */
  readonly reader: string;
  readonly reason: string;
  /** The request whose content was read, and when it was made. */
  readonly requestId: string;
  readonly requestAt: string;
}

/** `GET /audit/content-reads` answer: newest first. */
export interface ContentReadNotices {
  readonly reads: readonly ContentReadNotice[];
}

/** Most notices `GET /audit/content-reads` answers. */
export const CONTENT_READ_NOTICE_LIMIT = 50;
