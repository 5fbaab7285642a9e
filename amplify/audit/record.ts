/**
 * The audit record: who did what, when, to which model under which policy, how it ended, what it
 * used and cost. One per model call, guardrail intervention, admin action, API key operation
 * and SCIM change. Never the content itself: at most its SHA-256 hash or its KMS-encrypted
 * envelope (`content`), per group.
 */
import '../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { AUDIT_KINDS, type CaptureMode } from './kinds.ts';

const count = z.number().check(z.int(), z.gte(0));
const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/** Content kept as an AES-256-GCM envelope whose data key KMS encrypted (capture.ts). */
export const encryptedContentSchema = z.strictObject({
  mode: z.literal('kms'),
  /** The KMS key that encrypted the data key (its ARN, as KMS reports it). */
  keyId: z.string(),
  /** The data key, encrypted by KMS (GenerateDataKey's CiphertextBlob). */
  encryptedKey: base64,
  iv: base64,
  tag: base64,
  ciphertext: base64,
});

export const capturedContentSchema = z.union([
  z.strictObject({
    mode: z.literal('sha256'),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  }),
  encryptedContentSchema,
]);
export type CapturedContent = z.infer<typeof capturedContentSchema>;
export type EncryptedContent = z.infer<typeof encryptedContentSchema>;

/** One thing an admin action changed: which item, and how it read before and after. */
export const auditChangeSchema = z.strictObject({
  item: z.string().check(z.minLength(1)),
  before: z.optional(z.string()),
  after: z.optional(z.string()),
});
export type AuditChange = z.infer<typeof auditChangeSchema>;

export const auditRecordSchema = z.strictObject({
  /** Record format version. */
  v: z.literal(1),
  kind: z.enum(AUDIT_KINDS),
  /** When the request arrived (ISO 8601, UTC). */
  at: z.iso.datetime(),
  /** API Gateway's request id (the `x-request-id` the caller saw). */
  requestId: z.string().check(z.minLength(1)),
  /** Who: the caller's Cognito `sub` and user name ('' when unauthenticated). */
  sub: z.string(),
  username: z.string(),
  /** The group whose settings applied (the one that granted the model, or the caller's first). */
  group: z.optional(z.string()),
  /** What: `METHOD /route`. */
  action: z.string().check(z.minLength(1)),
  /** The catalog id of the model, once the request resolved one. */
  model: z.optional(z.string()),
  /** The guardrail policy applied and its version (a hash of its settings). */
  policy: z.optional(z.string()),
  policyVersion: z.optional(z.string()),
  /** How it ended: the processor's outcome (`ok`, `guardrail_intervened`, ...) and HTTP status. */
  outcome: z.string(),
  status: z.number().check(z.int(), z.gte(100), z.lte(599)),
  errorCode: z.optional(z.string()),
  /** What the guardrail did: `detector:card`, `bedrockGuardrail:output`; masked detector types. */
  intervention: z.optional(z.string()),
  masked: z.optional(z.array(z.string())),
  inputTokens: z.optional(count),
  outputTokens: z.optional(count),
  cacheReadTokens: z.optional(count),
  cacheWriteTokens: z.optional(count),
  /** What the usage ledger charged, in nano-dollars (1e-9 USD). */
  costNanoUsd: z.optional(count),
  latencyMs: count,
  /** Days the record is kept (its chain's retention class). */
  retentionDays: z.number().check(z.int(), z.gte(1)),
  /** What an admin action changed (e.g. the group mapping's entries), before and after. */
  changes: z.optional(z.array(auditChangeSchema)),
  content: z.optional(capturedContentSchema),
  /** On the record of an administrator's content read: the reason given, and whose content. */
  reason: z.optional(z.string()),
  readOf: z.optional(
    z.strictObject({
      recordId: z.string(),
      requestId: z.string(),
      sub: z.string(),
      username: z.string(),
    }),
  ),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** A record as stored: its place in its chain and the hash that binds it to the previous one. */
export const auditLinkSchema = z.strictObject({
  chain: z.string(),
  seq: z.number().check(z.int(), z.gte(1)),
  prevHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  record: auditRecordSchema,
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type AuditLink = z.infer<typeof auditLinkSchema>;

/** The metadata an administrator may list (everything but the content). */
export type AuditMetadata = Omit<AuditRecord, 'content'> & {
  /** Names the record for a content read (its index key, table.ts `recordIdOf`). */
  readonly recordId: string;
  readonly contentCaptured?: Exclude<CaptureMode, 'none'>;
};
