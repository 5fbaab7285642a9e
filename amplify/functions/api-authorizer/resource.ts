import { defineFunction } from '@aws-amplify/backend';
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
    timeoutSeconds: 5,
    memoryMB: 512,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
  });
