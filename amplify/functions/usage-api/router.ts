import { type ApiRoute, type ApiRouter, createApiRouter } from '../shared/api-router.ts';
import { auditedAdminAction } from './admin-action.ts';
import type { UsageApiDependencies } from './dependencies.ts';
import { createApiKey } from './routes/create-api-key.ts';
import { deleteConversation } from './routes/delete-conversation.ts';
import { getConversation } from './routes/get-conversation.ts';
import { getGroupMapping } from './routes/get-group-mapping.ts';
import { getOwnUsage } from './routes/get-own-usage.ts';
import { getUsageReport } from './routes/get-usage-report.ts';
import { listAllApiKeys } from './routes/list-all-api-keys.ts';
import { listAuditRecords } from './routes/list-audit-records.ts';
import { listConversations } from './routes/list-conversations.ts';
import { listOwnApiKeys } from './routes/list-own-api-keys.ts';
import { listOwnContentReads } from './routes/list-own-content-reads.ts';
import { readRecordContent } from './routes/read-record-content.ts';
import { renameConversation } from './routes/rename-conversation.ts';
import { replaceGroupMapping } from './routes/replace-group-mapping.ts';
import { revokeAnyApiKey } from './routes/revoke-any-api-key.ts';
import { revokeOwnApiKey } from './routes/revoke-own-api-key.ts';
import { saveConversation } from './routes/save-conversation.ts';

/** The usage API's routes (`target: 'usage'` in amplify/api/routes.ts), one file each. */
const USAGE_ROUTES: readonly ApiRoute<UsageApiDependencies>[] = [
  getOwnUsage,
  // Admin actions write an audit record each (docs/audit.md).
  auditedAdminAction(getUsageReport),
  listAuditRecords,
  readRecordContent,
  listOwnContentReads,
  listConversations,
  getConversation,
  saveConversation,
  renameConversation,
  deleteConversation,
  listOwnApiKeys,
  createApiKey,
  revokeOwnApiKey,
  listAllApiKeys,
  revokeAnyApiKey,
  getGroupMapping,
  replaceGroupMapping,
];

/** The usage API's router over its dependencies. */
export function createUsageRouter(dependencies: UsageApiDependencies): ApiRouter {
  return createApiRouter(USAGE_ROUTES, dependencies, {
    logger: dependencies.logger,
    allowedOrigins: dependencies.config.allowedOrigins,
    now: dependencies.now,
    ...(dependencies.recheck ? { recheck: dependencies.recheck } : {}),
  });
}
