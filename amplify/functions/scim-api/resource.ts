import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import type { EnvironmentSettings } from '../../settings/index.ts';
import { esmFunction } from '../shared/esm-function.ts';

/**
 * The SCIM 2.0 service provider Entra ID provisions into (`/scim/v2/{proxy+}`, amplify/directory/
 * scim-route.ts). The table, the token secret and their rights come from
 * `DirectoryResources.connectScimApi` in backend.ts; the audit trail's from
 * `AuditStore.connectWriter`. A function of the settings backend.ts loaded once.
 *
 * An Amplify custom function, bundled like the usage API (functions/shared/esm-function.ts):
 * with the DynamoDB, Secrets Manager, Cognito and the audit's S3 and KMS clients, esbuild's
 * default CommonJS resolution of the AWS SDK would take the bundle over the 800 KiB budget
 * (tests/infra/function-bundles.test.ts).
 */
export const defineScimApi = (settings: EnvironmentSettings) =>
  defineFunction(
    (scope) =>
      esmFunction(scope, 'scim-api', {
        entry: fileURLToPath(new URL('./handler.ts', import.meta.url)),
        // Replacing the members of a group with thousands takes many batch writes; API Gateway
        // answers a buffered call after 29 s anyway.
        timeout: Duration.seconds(28),
        memorySize: 512,
        environment: {
          MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
          POWERTOOLS_SERVICE_NAME: 'scim-api',
        },
        logRetentionDays: settings.logRetentionDays,
      }),
    { resourceGroupName: 'api' },
  );
