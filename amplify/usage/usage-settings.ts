import { z } from 'zod';

import type { EnvironmentName } from '../settings/index.ts';

const usageSettingsSchema = z.object({
  /** Days a conversation is kept after its last change (DynamoDB TTL). */
  historyRetentionDays: z.number().int().min(1).max(3650),
  /** Days usage records and counters are kept (DynamoDB TTL). */
  usageRetentionDays: z.number().int().min(35).max(3650),
  /** Longest date range, in days, of one admin usage report. */
  reportMaxDays: z.number().int().min(1).max(92),
  /**
   * Minutes a usage hold lives before the sweeper settles it: longer than the longest call
   * (a 15-minute stream), so only a call that never settles is swept.
   */
  holdMinutes: z.number().int().min(16).max(120),
  /** Minutes between two sweeper runs. */
  sweepEveryMinutes: z.number().int().min(1).max(60),
});

/** Retention and report limits of the usage and history tables, per environment. */
export type UsageSettings = z.infer<typeof usageSettingsSchema>;

const USAGE_SETTINGS: Record<EnvironmentName, UsageSettings> = {
  sandbox: {
    historyRetentionDays: 7,
    usageRetentionDays: 35,
    reportMaxDays: 31,
    holdMinutes: 20,
    sweepEveryMinutes: 5,
  },
  dev: {
    historyRetentionDays: 30,
    usageRetentionDays: 90,
    reportMaxDays: 31,
    holdMinutes: 20,
    sweepEveryMinutes: 5,
  },
  staging: {
    historyRetentionDays: 30,
    usageRetentionDays: 90,
    reportMaxDays: 31,
    holdMinutes: 20,
    sweepEveryMinutes: 5,
  },
  prod: {
    historyRetentionDays: 90,
    usageRetentionDays: 400,
    reportMaxDays: 31,
    holdMinutes: 20,
    sweepEveryMinutes: 5,
  },
};

/** The validated usage settings of an environment. */
export function usageSettingsFor(environment: EnvironmentName): UsageSettings {
  return usageSettingsSchema.parse(USAGE_SETTINGS[environment]);
}
