import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';

import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * Reserves the streaming function's concurrency from the `streamReservedConcurrency` setting. A
 * per-route rate limit does not cap streams that each hold an execution for up to 15 minutes;
 * the reservation does, and keeps the rest of the account's pool for the authorizer and the
 * buffered calls. Lambda refuses a reservation that leaves fewer than 100 unreserved executions
 * (AWS Lambda Developer Guide, "Configuring reserved concurrency for a function",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html), so the setting
 * is `off` where the account quota is unknown.
 */
export function reserveStreamConcurrency(
  streaming: IFunction,
  reserved: EnvironmentSettings['streamReservedConcurrency'],
): void {
  if (reserved === 'off') return;
  (streaming.node.defaultChild as CfnFunction).reservedConcurrentExecutions = reserved;
}
