import { describe, expect, it } from 'vitest';

import { retentionClasses } from '../audit/policy.ts';
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

  it('captures no content by default outside the sandbox', () => {
    for (const name of ['dev', 'staging', 'prod'] as const)
      expect(auditSettingsFor(name).policy.groups).toEqual({});
  });
});
