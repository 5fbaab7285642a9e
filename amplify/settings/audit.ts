import { z } from 'zod';

import { type AuditPolicy, auditPolicySchema, retentionClasses } from '../audit/policy.ts';
import type { EnvironmentName } from './schema.ts';

/**
 * S3 Object Lock on the audit bucket: every record object is write-once for `days` (`GOVERNANCE`
 * lets a principal with s3:BypassGovernanceRetention remove it; `COMPLIANCE` lets nobody, not
 * even the root user, until the days pass), or `off`.
 */
const objectLockSchema = z.union([
  z.literal('off'),
  z.object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().min(1).max(3650) }),
]);

const auditSettingsSchema = z
  .object({
    /** Retention per kind and group, content capture per group, chain shards, data key reuse. */
    policy: z.custom<AuditPolicy>((value) => auditPolicySchema.safeParse(value).success, {
      message: 'must be a valid audit policy (amplify/audit/policy.ts)',
    }),
    objectLock: objectLockSchema,
  })
  .superRefine((settings, context) => {
    // A lock longer than a record's retention would keep it past its deadline.
    const shortest = Math.min(...retentionClasses(settings.policy));
    if (settings.objectLock !== 'off' && settings.objectLock.days > shortest)
      context.addIssue({
        code: 'custom',
        path: ['objectLock', 'days'],
        message: `must be at most the shortest retention (${shortest} days)`,
      });
  });

/** The audit trail's settings of one environment. */
export type AuditSettings = z.infer<typeof auditSettingsSchema>;

/**
 * What every environment keeps: interventions, admin actions, API key operations and SCIM
 * changes (who may do what) longer than model calls.
 */
const RETENTION = {
  'model-call': 90,
  guardrail: 400,
  'admin-action': 400,
  'key-operation': 400,
  'scim-change': 400,
};

const AUDIT_SETTINGS: Record<EnvironmentName, AuditSettings> = {
  sandbox: {
    policy: {
      retentionDays: {
        'model-call': 7,
        guardrail: 30,
        'admin-action': 30,
        'key-operation': 30,
        'scim-change': 30,
      },
      // Exercises both kinds of capture where nothing is real.
      groups: {
        MLUsers: { capture: 'sha256', retentionDays: {} },
        Administrators: { capture: 'kms', retentionDays: {} },
      },
      chainShards: 2,
      dataKeyReuseSeconds: 300,
    },
    // A sandbox must be deletable: no locked objects.
    objectLock: 'off',
  },
  dev: {
    policy: { retentionDays: RETENTION, groups: {}, chainShards: 4, dataKeyReuseSeconds: 300 },
    objectLock: 'off',
  },
  staging: {
    policy: { retentionDays: RETENTION, groups: {}, chainShards: 8, dataKeyReuseSeconds: 300 },
    objectLock: { mode: 'GOVERNANCE', days: 30 },
  },
  prod: {
    policy: {
      retentionDays: {
        'model-call': 400,
        guardrail: 2557,
        'admin-action': 2557,
        'key-operation': 2557,
        'scim-change': 2557,
      },
      groups: {},
      chainShards: 8,
      dataKeyReuseSeconds: 300,
    },
    // Nobody, the root user included, can remove or overwrite a record for its first year.
    objectLock: { mode: 'COMPLIANCE', days: 365 },
  },
};

/** The validated audit settings of an environment. */
export function auditSettingsFor(environment: EnvironmentName): AuditSettings {
  const settings = auditSettingsSchema.parse(AUDIT_SETTINGS[environment]);
  return { ...settings, policy: auditPolicySchema.parse(settings.policy) };
}
