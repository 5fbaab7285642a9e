import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import { AUTHORIZER_TIMEOUT_SECONDS } from '../../contract/gateway.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';
import { esmFunction } from '../shared/esm-function.ts';

/**
 * API Gateway TOKEN authorizer for the REST API, in the API's stack (a separate stack would make
 * a nested-stack cycle). A function of the settings backend.ts loaded once. Bundled as the
 * processors are (`shared/esm-function.ts`: ES-module SDK, code splitting): it stands in front of
 * every request, so its cold start is part of a cold request's.
 */
export const defineApiAuthorizer = (settings: EnvironmentSettings) =>
  defineFunction(
    (scope) =>
      esmFunction(scope, 'api-authorizer', {
        entry: fileURLToPath(new URL('./handler.ts', import.meta.url)),
        timeout: Duration.seconds(AUTHORIZER_TIMEOUT_SECONDS),
        memorySize: 512,
        environment: {},
        logRetentionDays: settings.logRetentionDays,
      }),
    { resourceGroupName: 'api' },
  );
