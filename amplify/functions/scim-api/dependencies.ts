import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { auditTrailFromEnv } from '../../audit/from-env.ts';
import type { AuditSink } from '../../audit/trail.ts';
import { DirectoryStore } from '../shared/directory-store.ts';
import {
  SecretsManagerTokenHashes,
  StaticTokenHashes,
  type TokenHashSource,
} from './bearer-secret.ts';
import { loadScimConfig, type ScimApiConfig } from './config.ts';
import { CognitoSessionRevoker, type SessionRevoker } from './session-revocation.ts';

/** What the SCIM routes share; built once per container at init, injectable for tests. */
export interface ScimApiDependencies {
  readonly config: ScimApiConfig;
  readonly directory: DirectoryStore;
  readonly tokens: TokenHashSource;
  readonly logger: Logger;
  /** Signs deactivated and deleted users out of Cognito; absent without `SIGN_OUT_USER_POOL_ID`. */
  readonly sessions?: SessionRevoker;
  /** Where each change to Users or Groups is audited; absent without `AUDIT_TABLE_NAME`. */
  readonly audit?: AuditSink;
}

/** How to build the dependencies; every part but the logger has a production default. */
export interface ScimApiInit {
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
  readonly client?: DynamoDBDocumentClient;
  readonly secrets?: SecretsManagerClient;
  readonly now?: () => Date;
  /** @default AdminUserGlobalSignOut on the `SIGN_OUT_USER_POOL_ID` pool, when it is set */
  readonly sessions?: SessionRevoker;
  /** @default the audit trail the environment configures (amplify/audit/from-env.ts), if any */
  readonly audit?: AuditSink;
}

/** Validates the environment (throws naming the bad variable) and builds the store and token source. */
export function createScimDependencies({
  logger,
  env = process.env,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  secrets,
  now,
  sessions,
  audit = auditTrailFromEnv(logger, env, client),
}: ScimApiInit): ScimApiDependencies {
  const config = loadScimConfig(env);
  const tokens =
    config.tokens.kind === 'secret'
      ? new SecretsManagerTokenHashes(
          secrets ?? new SecretsManagerClient({}),
          config.tokens.secretId,
          config.tokens.cacheSeconds * 1000,
        )
      : new StaticTokenHashes(config.tokens.sha256);
  return {
    config,
    directory: new DirectoryStore({ client, tableName: config.tableName, now }),
    tokens,
    logger,
    ...sessionsFrom(config, sessions),
    ...(audit ? { audit } : {}),
  };
}

/** The injected revoker, else one over the configured pool, else none. */
function sessionsFrom(
  config: ScimApiConfig,
  sessions: SessionRevoker | undefined,
): { sessions?: SessionRevoker } {
  if (sessions) return { sessions };
  if (!config.signOutUserPoolId) return {};
  return { sessions: new CognitoSessionRevoker({ userPoolId: config.signOutUserPoolId }) };
}
