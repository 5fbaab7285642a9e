import type { LogRetentionDays } from '../settings/schema.ts';

/** How Amplify's `defineFunction({ logging: { retention } })` names each CloudWatch retention. */
const AMPLIFY_RETENTION = {
  1: '1 day',
  3: '3 days',
  5: '5 days',
  7: '1 week',
  14: '2 weeks',
  30: '1 month',
  60: '2 months',
  90: '3 months',
  120: '4 months',
  150: '5 months',
  180: '6 months',
  365: '1 year',
  400: '13 months',
  545: '18 months',
  731: '2 years',
  1096: '3 years',
  1827: '5 years',
  2192: '6 years',
  2557: '7 years',
  2922: '8 years',
  3288: '9 years',
  3653: '10 years',
} as const satisfies Record<LogRetentionDays, string>;

/**
 * The `logging` option of every `defineFunction`: without it Lambda creates the function's log
 * group on first use and keeps it forever. With a retention, Amplify creates the log group in
 * the function's stack with that retention.
 */
export function functionLogging(settings: { readonly logRetentionDays: number }) {
  const retention = AMPLIFY_RETENTION[settings.logRetentionDays as LogRetentionDays];
  if (!retention)
    throw new Error(`logRetentionDays ${settings.logRetentionDays} is not a CloudWatch retention`);
  return { retention };
}
