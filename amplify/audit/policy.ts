/**
 * The audit policy a function runs with (`AUDIT_POLICY`, JSON, from amplify/settings/audit.ts at
 * synth): retention per kind of record, and per group what content is captured and any longer
 * or shorter retention per kind.
 */
import '../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { AUDIT_KINDS, type AuditKind, CAPTURE_MODES, type CaptureMode } from './kinds.ts';

/** Retention limits: at least a day, at most ten years. */
const retentionDays = z.number().check(z.int(), z.gte(1), z.lte(3650));

export const auditPolicySchema = z.strictObject({
  /** Days each kind of record is kept, unless the record's group says otherwise. */
  retentionDays: z.strictObject({
    'model-call': retentionDays,
    guardrail: retentionDays,
    'admin-action': retentionDays,
    'key-operation': retentionDays,
    'scim-change': retentionDays,
  }),
  /** Per group: content capture (default `none`) and retention overrides per kind. */
  groups: z._default(
    z.record(
      z.string(),
      z.strictObject({
        capture: z._default(z.enum(CAPTURE_MODES), 'none'),
        retentionDays: z._default(z.partialRecord(z.enum(AUDIT_KINDS), retentionDays), {}),
      }),
    ),
    {},
  ),
  /** Chains per day and retention class: more shards, less waiting on one head under load. */
  chainShards: z.number().check(z.int(), z.gte(1), z.lte(64)),
  /** Seconds one KMS data key encrypts captured content before a new one is generated. */
  dataKeyReuseSeconds: z.number().check(z.int(), z.gte(0), z.lte(3600)),
});
export type AuditPolicy = z.output<typeof auditPolicySchema>;
export type AuditPolicyInput = z.input<typeof auditPolicySchema>;

/** Days a record of `kind` for `group` is kept. */
export function retentionFor(policy: AuditPolicy, kind: AuditKind, group?: string): number {
  const override = group !== undefined ? policy.groups[group]?.retentionDays[kind] : undefined;
  return override ?? policy.retentionDays[kind];
}

/** What content is captured for `group` (none for no group). */
export function captureFor(policy: AuditPolicy, group?: string): CaptureMode {
  return (group !== undefined ? policy.groups[group]?.capture : undefined) ?? 'none';
}

/** Every retention the policy can give a record: one S3 lifecycle rule and chain class each. */
export function retentionClasses(policy: AuditPolicy): number[] {
  const all = [
    ...Object.values(policy.retentionDays),
    ...Object.values(policy.groups).flatMap((group) => Object.values(group.retentionDays)),
  ].filter((days): days is number => days !== undefined);
  return [...new Set(all)].sort((a, b) => a - b);
}

/** Parses `AUDIT_POLICY`; throws naming every problem. */
export function parseAuditPolicy(json: string): AuditPolicy {
  const parsed = auditPolicySchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `Invalid AUDIT_POLICY: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  return parsed.data;
}
