import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { API_KEY_ENV } from '../../api-keys/api-key-table-definition.ts';
import { hmacSecretFromEnv } from '../shared/api-key-hmac-secret.ts';
import { ApiKeyStore } from '../shared/api-key-store.ts';
import type { DirectoryAccessSource } from '../shared/cached-directory-access.ts';
import { type ApiKeyVerifier, createApiKeyVerifier } from './api-key-verifier.ts';
import { CognitoCurrentGroups } from './current-groups.ts';
import { DirectoryCurrentGroups } from './directory-groups.ts';
import { AuthorizerConfigError } from './errors.ts';

/**
 * The key verifier the environment configures: `API_KEY_TABLE_NAME` with `API_KEY_SECRET_ARN`
 * (AWS) or `API_KEY_HMAC_SECRET` (local mode), and the owner's groups from `USER_POOL_ID` (or,
 * for a federated owner, from `directory` when access follows it).
 * Undefined when no key table is set (keys are then refused).
 *
 * @throws AuthorizerConfigError when the table is set without a secret.
 */
export function apiKeyVerifierFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  directory?: DirectoryAccessSource,
): ApiKeyVerifier | undefined {
  const tableName = env[API_KEY_ENV.table]?.trim();
  if (!tableName) return undefined;
  const secret = hmacSecretFromEnv(env);
  if (!secret)
    throw new AuthorizerConfigError(
      `${API_KEY_ENV.table} needs ${API_KEY_ENV.secretArn} (or ${API_KEY_ENV.localSecret} in local mode)`,
    );
  const cognito = new CognitoCurrentGroups({ userPoolId: env['USER_POOL_ID'] ?? '' });
  // With SCIM on, a federated owner's groups come from the directory (directory-groups.ts).
  return createApiKeyVerifier({
    store: new ApiKeyStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName,
    }),
    secret,
    currentGroups: directory ? new DirectoryCurrentGroups(directory, cognito) : cognito,
  });
}
