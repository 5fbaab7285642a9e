/** Shapes of the audit route (docs/audit.md): metadata only, never captured content. */

/** Kinds of audit record. */
export const AUDIT_RECORD_KINDS = ['model-call', 'guardrail', 'admin-action'] as const;
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

/** One audit record as administrators see it. */
export interface AuditEntry {
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
}

/** `GET /audit/records` answer: a page, oldest first; `cursor` fetches the next. */
export interface AuditPage {
  readonly records: readonly AuditEntry[];
  readonly cursor?: string;
}

/** Largest page the route returns. */
export const AUDIT_PAGE_LIMIT = 100;
