import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

import { SWEEPER_METRIC } from '../../usage/sweeper-metric.ts';
import { TABLE_ENV } from '../../usage/table-definitions.ts';
import { type UsageLedger, usageLedgerFromEnv } from '../shared/usage-ledger.ts';

const logger = new Logger({ serviceName: 'usage-sweeper' });

/**
 * Settles the holds of calls that never settled (a crashed or timed-out processor), charging
 * each its whole hold, and reports how many it swept: any is a fault worth an alarm.
 */
export async function sweep(
  ledger: UsageLedger,
  tableName: string,
): Promise<{ swept: number; skipped: number }> {
  const result = await ledger.sweepExpiredHolds();
  const metrics = new Metrics({
    namespace: SWEEPER_METRIC.namespace,
    serviceName: 'usage-sweeper',
  });
  metrics.addDimensions({ [SWEEPER_METRIC.dimension]: tableName });
  metrics.addMetric(SWEEPER_METRIC.name, MetricUnit.Count, result.swept);
  metrics.publishStoredMetrics();
  logger[result.swept > 0 ? 'warn' : 'info']('expired holds swept', { ...result });
  return result;
}

let ledger: UsageLedger | undefined;

/** EventBridge schedule target (backend.ts). */
export async function handler(): Promise<{ swept: number; skipped: number }> {
  ledger ??= usageLedgerFromEnv();
  if (!ledger) throw new Error(`${TABLE_ENV.usage} is not set`);
  return sweep(ledger, process.env[TABLE_ENV.usage]!);
}
