import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import type { EnvironmentSettings } from '../../settings/index.ts';
import type { UsageSettings } from '../../usage/usage-settings.ts';
import { esmFunction } from '../shared/esm-function.ts';

/**
 * Usage, history, API key and audit routes (`target: 'usage'` in amplify/contract/routes.ts).
 * The table names are added in backend.ts, where the tables are created. A function of the
 * settings backend.ts loaded once.
 *
 * An Amplify custom function, bundled like the processors (functions/shared/esm-function.ts):
 * with the DynamoDB, Secrets Manager, S3 and KMS clients it calls, esbuild's default CommonJS
 * resolution of the AWS SDK would take the bundle over the 800 KiB budget
 * (tests/infra/function-bundles.test.ts).
 */
export const defineUsageApi = (settings: EnvironmentSettings, usage: UsageSettings) =>
  defineFunction(
    (scope) =>
      esmFunction(scope, 'usage-api', {
        entry: fileURLToPath(new URL('./handler.ts', import.meta.url)),
        timeout: Duration.seconds(15),
        memorySize: 512,
        environment: {
          ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
          HISTORY_RETENTION_DAYS: String(usage.historyRetentionDays),
          REPORT_MAX_DAYS: String(usage.reportMaxDays),
          MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
          MAX_CONVERSATIONS_PER_USER: String(settings.history.maxConversationsPerUser),
          MAX_MESSAGES_PER_CONVERSATION: String(settings.history.maxMessagesPerConversation),
          POWERTOOLS_SERVICE_NAME: 'usage-api',
        },
        logRetentionDays: settings.logRetentionDays,
      }),
    { resourceGroupName: 'api' },
  );
