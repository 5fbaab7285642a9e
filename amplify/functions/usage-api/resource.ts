import { defineFunction } from '@aws-amplify/backend';

import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';
import type { UsageSettings } from '../../usage/usage-settings.ts';

/**
 * Usage and conversation-history routes (`target: 'usage'` in amplify/contract/routes.ts). The table
 * names are added in backend.ts, where the tables are created. A function of the settings
 * backend.ts loaded once.
 */
export const defineUsageApi = (settings: EnvironmentSettings, usage: UsageSettings) =>
  defineFunction({
    name: 'usage-api',
    entry: './handler.ts',
    runtime: 24,
    timeoutSeconds: 15,
    memoryMB: 512,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
    environment: {
      ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
      HISTORY_RETENTION_DAYS: String(usage.historyRetentionDays),
      REPORT_MAX_DAYS: String(usage.reportMaxDays),
      MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
      MAX_CONVERSATIONS_PER_USER: String(settings.history.maxConversationsPerUser),
      MAX_MESSAGES_PER_CONVERSATION: String(settings.history.maxMessagesPerConversation),
      POWERTOOLS_SERVICE_NAME: 'usage-api',
    },
  });
