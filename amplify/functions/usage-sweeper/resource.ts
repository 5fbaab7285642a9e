import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import type { EnvironmentSettings } from '../../settings/index.ts';
import { esmFunction } from '../shared/esm-function.ts';

/**
 * Settles expired usage holds on a schedule (backend.ts: `UsageSweeper`). The table name and
 * its rights come from `UsageTables.connectSweeper`. A function of the settings backend.ts
 * loaded once. Bundled as the other functions are (`shared/esm-function.ts`).
 */
export const defineUsageSweeper = (settings: EnvironmentSettings) =>
  defineFunction(
    (scope) =>
      esmFunction(scope, 'usage-sweeper', {
        entry: fileURLToPath(new URL('./handler.ts', import.meta.url)),
        timeout: Duration.seconds(120),
        memorySize: 256,
        environment: { POWERTOOLS_SERVICE_NAME: 'usage-sweeper' },
        logRetentionDays: settings.logRetentionDays,
      }),
    { resourceGroupName: 'api' },
  );
