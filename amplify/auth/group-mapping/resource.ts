import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import { esmFunction } from '../../functions/shared/esm-function.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * The pre-token-generation trigger that maps Entra ID claims to Cognito groups. A function of
 * the settings backend.ts loaded once: importing this file does nothing. Bundled as the other
 * functions are (`functions/shared/esm-function.ts`): every sign-in and token refresh waits for it.
 */
export const defineGroupMapping = (settings: EnvironmentSettings) =>
  defineFunction(
    (scope) =>
      esmFunction(scope, 'group-mapping', {
        entry: fileURLToPath(new URL('./handler.ts', import.meta.url)),
        // Cognito gives a trigger 5 s; the mapping is a table lookup.
        timeout: Duration.seconds(5),
        memorySize: 256,
        // The incomplete-groups metric's dimension (group-claims-metric.ts).
        environment: { DEPLOYMENT_NAME: settings.deploymentName },
        logRetentionDays: settings.logRetentionDays,
      }),
    // In the auth stack: the user pool names its trigger and the trigger's invoke permission
    // names the pool, so in another stack the two nested stacks would depend on each other.
    { resourceGroupName: 'auth' },
  );

/** The group-mapping function's definition, as `defineBackend` takes it. */
export type GroupMappingFunction = ReturnType<typeof defineGroupMapping>;
