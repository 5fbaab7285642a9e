import { defineFunction } from '@aws-amplify/backend';

import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * The pre-token-generation trigger that maps Entra ID claims to Cognito groups. A function of
 * the settings backend.ts loaded once: importing this file does nothing.
 */
export const defineGroupMapping = (settings: EnvironmentSettings) =>
  defineFunction({
    name: 'group-mapping',
    entry: './handler.ts',
    runtime: 24,
    // Cognito gives a trigger 5 s; the mapping is a table lookup.
    timeoutSeconds: 5,
    memoryMB: 256,
    // In the auth stack: the user pool names its trigger and the trigger's invoke permission
    // names the pool, so in another stack the two nested stacks would depend on each other.
    resourceGroupName: 'auth',
    logging: functionLogging(settings),
    // The incomplete-groups metric's dimension (group-claims-metric.ts).
    environment: { DEPLOYMENT_NAME: settings.deploymentName },
  });

/** The group-mapping function's definition, as `defineBackend` takes it. */
export type GroupMappingFunction = ReturnType<typeof defineGroupMapping>;
