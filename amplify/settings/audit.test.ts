import { describe, expect, it } from 'vitest';

import { AUDIT_KINDS } from '../audit/kinds.ts';
import { parseAuditPolicy, retentionClasses } from '../audit/policy.ts';
import { auditSettingsFor } from './audit.ts';
import { ENVIRONMENTS } from './schema.ts';

describe('audit settings', () => {
  it.each(ENVIRONMENTS)('%s: valid, and no object lock outlives a record’s retention', (name) => {
    const settings = auditSettingsFor(name);
    if (settings.objectLock !== 'off')
      expect(settings.objectLock.days).toBeLessThanOrEqual(
        Math.min(...retentionClasses(settings.policy)),
      );
  });

  it('locks records in production (compliance mode) and never in a sandbox or dev branch', () => {
    expect(auditSettingsFor('prod').objectLock).toMatchObject({ mode: 'COMPLIANCE' });
    expect(auditSettingsFor('sandbox').objectLock).toBe('off');
    expect(auditSettingsFor('dev').objectLock).toBe('off');
  });

  it.each(ENVIRONMENTS)(
    '%s: keeps key operations and SCIM changes as long as admin actions',
    (name) => {
      const { retentionDays } = auditSettingsFor(name).policy;
      expect(Object.keys(retentionDays).sort()).toEqual([...AUDIT_KINDS].sort());
      expect(retentionDays['key-operation']).toBe(retentionDays['admin-action']);
      expect(retentionDays['scim-change']).toBe(retentionDays['admin-action']);
    },
  );

  it('refuses a policy without a retention for every kind', () => {
    const { retentionDays, ...rest } = auditSettingsFor('dev').policy;
    const missing: Partial<typeof retentionDays> = { ...retentionDays };
    delete missing['scim-change'];
    expect(() => parseAuditPolicy(JSON.stringify({ ...rest, retentionDays: missing }))).toThrow(
      /retentionDays\.scim-change/,
    );
  });

  it('captures no content by default outside the sandbox', () => {
    for (const name of ['dev', 'staging', 'prod'] as const)
      expect(auditSettingsFor(name).policy.groups).toEqual({});
  });
});
