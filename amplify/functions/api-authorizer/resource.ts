import { defineFunction } from '@aws-amplify/backend';

import { AUTHORIZER_TIMEOUT_SECONDS } from '../../contract/gateway.ts';
import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * API Gateway TOKEN authorizer for the REST API, in the API's stack (a separate stack would make
 * a nested-stack cycle). A function of the settings backend.ts loaded once.
 */
export const defineApiAuthorizer = (settings: EnvironmentSettings) =>
  defineFunction({
    name: 'api-authorizer',
    entry: './handler.ts',
    runtime: 24,
    timeoutSeconds: AUTHORIZER_TIMEOUT_SECONDS,
    memoryMB: 512,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
  });
