import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { API_KEY_ENV } from '../../api-keys/api-key-table-definition.ts';
import type { ContentReads } from '../../audit/content-reads.ts';
import { contentReadsFromEnv } from '../../audit/content-reads-from-env.ts';
import { auditTrailFromEnv } from '../../audit/from-env.ts';
import { AuditStoreReader } from '../../audit/store-reader.ts';
import { AUDIT_ENV } from '../../audit/table.ts';
import type { AuditSink } from '../../audit/trail.ts';
import type { GroupMappingStore } from '../../auth/group-mapping/group-mapping-store.ts';
import { parsePriceBook } from '../../usage/prices.ts';
import { callerRecheckFromEnv } from '../shared/access-from-env.ts';
import { hmacSecretFromEnv } from '../shared/api-key-hmac-secret.ts';
import { ApiKeyStore } from '../shared/api-key-store.ts';
import type { CallerRecheck } from '../shared/caller-recheck.ts';
import { ApiKeyService, apiKeySettingsFromEnv, catalogFromEnv } from './api-keys.ts';
import { loadConfig, type UsageApiConfig } from './config.ts';
import { ConversationStore } from './conversations.ts';
import { groupMappingStoreFrom } from './group-mapping-routes.ts';
import { UsageReader } from './usage-report.ts';

/** What the usage routes share; built once per container at init, injectable for tests. */
export interface UsageApiDependencies {
  readonly config: UsageApiConfig;
  readonly conversations: ConversationStore;
  readonly usage: UsageReader;
  /** Personal API keys; absent where no key table is configured. */
  readonly apiKeys?: ApiKeyService;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * The audit index (admin page), trail (admin actions) and content reads (an administrator's
   * reason-recorded read, the owner's notices); absent without an audit table.
   */
  readonly audit?: {
    readonly reader: AuditStoreReader;
    readonly trail?: AuditSink;
    readonly contentReads?: ContentReads;
  };
  /** The group-mapping table (admin page); absent without `GROUP_MAPPING_TABLE_NAME`. */
  readonly groupMapping?: GroupMappingStore;
  /** The caller's current access (directory, key revocation), confirmed on every request. */
  readonly recheck?: CallerRecheck;
}

/** How to build the dependencies; every part but the logger has a production default. */
export interface UsageApiInit {
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
  readonly client?: DynamoDBDocumentClient;
  readonly now?: () => Date;
}

/** Validates the environment (throws naming the bad variable) and builds the stores over it. */
export function createDependencies({
  logger,
  env = process.env,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  now = () => new Date(),
}: UsageApiInit): UsageApiDependencies {
  const config = loadConfig(env);
  return {
    config,
    conversations: new ConversationStore({
      client,
      tableName: config.conversationsTable,
      retentionDays: config.historyRetentionDays,
      maxConversations: config.maxConversationsPerUser,
      now,
    }),
    usage: new UsageReader({
      client,
      tableName: config.usageTable,
      now,
      // Local mode prices its own models (unset in AWS).
      ...(env['PRICE_BOOK'] ? { priceBook: parsePriceBook(env['PRICE_BOOK']) } : {}),
    }),
    ...apiKeyServiceFrom(env, client, now),
    ...groupMappingStoreFrom(env, client, now),
    logger,
    now,
    recheck: callerRecheckFromEnv(env, client),
    ...(env[AUDIT_ENV.table] ? { audit: auditFrom(logger, env, client, now) } : {}),
  };
}

/** The audit parts of the usage API over one table. */
function auditFrom(
  logger: Logger,
  env: NodeJS.ProcessEnv,
  client: DynamoDBDocumentClient,
  now: () => Date,
): NonNullable<UsageApiDependencies['audit']> {
  const trail = auditTrailFromEnv(logger, env, client);
  const contentReads = trail ? contentReadsFromEnv(trail, client, env, now) : undefined;
  return {
    reader: new AuditStoreReader({ dynamo: client, tableName: env[AUDIT_ENV.table]!, now }),
    ...(trail ? { trail } : {}),
    ...(contentReads ? { contentReads } : {}),
  };
}

/** The key service when `API_KEY_TABLE_NAME` is set; its secret must be set too. */
function apiKeyServiceFrom(
  env: NodeJS.ProcessEnv,
  client: DynamoDBDocumentClient,
  now: () => Date,
): { apiKeys?: ApiKeyService } {
  const tableName = env[API_KEY_ENV.table];
  if (!tableName) return {};
  const secret = hmacSecretFromEnv(env);
  if (!secret)
    throw new Error(
      `usage-api configuration: ${API_KEY_ENV.table} needs ${API_KEY_ENV.secretArn} (or ${API_KEY_ENV.localSecret} in local mode)`,
    );
  return {
    apiKeys: new ApiKeyService({
      store: new ApiKeyStore({ client, tableName }),
      secret,
      settings: apiKeySettingsFromEnv(env),
      catalog: catalogFromEnv(env),
      now,
    }),
  };
}
