import { defineFunction } from '@aws-amplify/backend';

import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * The SCIM 2.0 service provider Entra ID provisions into (`/scim/v2/{proxy+}`, amplify/directory/
 * scim-route.ts). The table, the token secret and their rights come from
 * `DirectoryResources.connectScimApi` in backend.ts. A function of the settings backend.ts loaded once.
 */
export const defineScimApi = (settings: EnvironmentSettings) =>
  defineFunction({
    name: 'scim-api',
    entry: './handler.ts',
    runtime: 24,
    // Replacing the members of a group with thousands takes many batch writes; API Gateway
    // answers a buffered call after 29 s anyway.
    timeoutSeconds: 28,
    memoryMB: 512,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
    environment: {
      MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
      POWERTOOLS_SERVICE_NAME: 'scim-api',
    },
  });
