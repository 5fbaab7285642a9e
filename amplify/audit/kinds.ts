/**
 * The audit's enumerations, apart from the record schemas (record.ts): the policy (policy.ts)
 * and every function that writes records read these at init, and a module of constants keeps
 * the record schemas, which only the readers of records use, out of their cold start.
 */
import { AUDIT_RECORD_KINDS, type AuditRecordKind } from '../contract/audit.ts';

/** Kinds of record (the contract's); each has its own retention (amplify/settings/audit.ts). */
export const AUDIT_KINDS = AUDIT_RECORD_KINDS;
export type AuditKind = AuditRecordKind;

/** What is kept of a request's content: nothing, its SHA-256 hash, or it encrypted with KMS. */
export const CAPTURE_MODES = ['none', 'sha256', 'kms'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];
