import { z } from 'zod';

import type { EnvironmentName } from '../settings/index.ts';

const scimSettingsSchema = z.object({
  /**
   * Requests per second the stage lets through to each SCIM method (steady rate). One Entra
   * provisioning job sends its requests one after another; this leaves it room and keeps a
   * leaked secret from flooding the directory table or the ML routes' share of the stage.
   */
  throttleRateLimit: z.number().positive().max(1000),
  /** Requests the SCIM methods may take at once above the steady rate. */
  throttleBurstLimit: z.number().int().positive().max(2000),
  /**
   * Seconds the SCIM function reuses the accepted secrets' hashes it read from Secrets Manager:
   * a rotation's new secret is accepted, and a removed one refused, within this time.
   */
  tokenCacheSeconds: z.number().int().min(0).max(3600),
});

/** The SCIM endpoint's limits, per environment. */
export type ScimSettings = z.infer<typeof scimSettingsSchema>;

const DEPLOYED: ScimSettings = {
  throttleRateLimit: 25,
  throttleBurstLimit: 50,
  tokenCacheSeconds: 300,
};

const SCIM_SETTINGS: Record<EnvironmentName, ScimSettings> = {
  sandbox: { throttleRateLimit: 10, throttleBurstLimit: 20, tokenCacheSeconds: 60 },
  dev: DEPLOYED,
  staging: DEPLOYED,
  prod: DEPLOYED,
};

/** The validated SCIM settings of an environment. */
export function scimSettingsFor(environment: EnvironmentName): ScimSettings {
  return scimSettingsSchema.parse(SCIM_SETTINGS[environment]);
}
