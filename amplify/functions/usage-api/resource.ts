import { defineFunction } from '@aws-amplify/backend';
import { functionLogging } from '../../monitoring/function-logging.ts';
import { loadSettings, resolveTarget } from '../../settings/index.ts';
import { usageSettingsFor } from '../../usage/usage-settings.ts';

const settings = loadSettings();
const usage = usageSettingsFor(resolveTarget().environment);

/**
 * Usage and conversation-history routes (`target: 'usage'` in amplify/contract/routes.ts). The table
 * names are added in backend.ts, where the tables are created.
 */
export const usageApi = defineFunction({
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
