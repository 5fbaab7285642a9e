import { defineFunction } from '@aws-amplify/backend';

import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * Settles expired usage holds on a schedule (backend.ts: `UsageSweeper`). The table name and
 * its rights come from `UsageTables.connectSweeper`. A function of the settings backend.ts
 * loaded once.
 */
export const defineUsageSweeper = (settings: EnvironmentSettings) =>
  defineFunction({
    name: 'usage-sweeper',
    entry: './handler.ts',
    runtime: 24,
    timeoutSeconds: 120,
    memoryMB: 256,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
    environment: { POWERTOOLS_SERVICE_NAME: 'usage-sweeper' },
  });
