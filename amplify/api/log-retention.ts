import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The CloudWatch Logs retention for a number of days; only the values Logs accepts. */
export function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter(
    (value): value is RetentionDays => typeof value === 'number',
  );
  const match = allowed.find((value) => value === days);
  if (match === undefined)
    throw new Error(
      `logRetentionDays ${days} is not a CloudWatch Logs retention (one of ${allowed.join(', ')})`,
    );
  return match;
}
