import { z } from 'zod';

import type { EnvironmentName } from '../../settings/index.ts';
import { MAX_MAPPING_CACHE_SECONDS } from './group-mapping-table-definition.ts';

const groupMappingSettingsSchema = z.object({
  /**
   * Seconds the pre-token trigger and the directory's `currentAccess()` reuse the group mapping
   * they read from its table: an administrator's edit applies to the next sign-in or token
   * refresh within this time (at most 60 s). 0 reads the table on every call.
   */
  cacheSeconds: z.number().int().min(0).max(MAX_MAPPING_CACHE_SECONDS),
});

/** How the stored group mapping is read, per environment. */
export type GroupMappingSettings = z.infer<typeof groupMappingSettingsSchema>;

const DEPLOYED: GroupMappingSettings = { cacheSeconds: 30 };

const GROUP_MAPPING_SETTINGS: Record<EnvironmentName, GroupMappingSettings> = {
  sandbox: { cacheSeconds: 5 },
  dev: DEPLOYED,
  staging: DEPLOYED,
  prod: DEPLOYED,
};

/** The validated group-mapping settings of an environment. */
export function groupMappingSettingsFor(environment: EnvironmentName): GroupMappingSettings {
  return groupMappingSettingsSchema.parse(GROUP_MAPPING_SETTINGS[environment]);
}
