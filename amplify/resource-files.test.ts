import { afterEach, describe, expect, it, vi } from 'vitest';

import { loadSettings } from './settings/index.ts';

/**
 * The resource files only define: backend.ts loads the settings once and passes them in. Loading
 * them at import (four times, before this change) would throw here, where the environment holds
 * a setting that does not validate.
 */
const RESOURCE_FILES = [
  './auth/resource.ts',
  './auth/group-mapping/resource.ts',
  './functions/api-authorizer/resource.ts',
  './functions/ml-processor/resource.ts',
  './functions/usage-api/resource.ts',
  './functions/scim-api/resource.ts',
] as const;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resource.ts files', () => {
  it.each(RESOURCE_FILES)(
    '%s does no work at import: no settings read, no catalog check',
    async (file) => {
      // 13 is not a CloudWatch Logs retention: loading the settings fails.
      vi.stubEnv('LOG_RETENTION_DAYS', '13');
      expect(() => loadSettings()).toThrow(/logRetentionDays/);
      const module = (await import(file)) as Record<string, unknown>;
      const exported = Object.values(module);
      expect(exported.length).toBeGreaterThan(0);
      for (const value of exported) expect(typeof value).toBe('function');
    },
  );
});
