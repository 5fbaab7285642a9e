/**
 * The current-access sources a function's environment configures (set by
 * amplify/directory/directory-access.ts in AWS, by local/stack.ts in local mode).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { API_KEY_ENV } from '../../api-keys/api-key-table-definition.ts';
import { mappingSourceFromEnv } from '../../auth/group-mapping/mapping-source.ts';
import { MAX_ACCESS_CACHE_SECONDS } from '../../contract/gateway.ts';
import { DIRECTORY_TABLE_ENV } from '../../directory/directory-table-definition.ts';
import { ApiKeyStore } from './api-key-store.ts';
import { CachedDirectoryAccess } from './cached-directory-access.ts';
import { CachedApiKeyStatus } from './cached-key-status.ts';
import { type CallerRecheck, createCallerRecheck } from './caller-recheck.ts';
import { DirectoryStore } from './directory-store.ts';

/** The environment variables of current-access decisions (the settings of the same names). */
export const ACCESS_ENV = {
  /** `on`: decisions follow the directory (`directoryAccess.decisions`). */
  directoryDecisions: 'DIRECTORY_ACCESS',
  directoryCacheSeconds: 'DIRECTORY_ACCESS_CACHE_SECONDS',
  keyStatusCacheSeconds: 'API_KEYS_STATUS_CACHE_SECONDS',
} as const;

/** A documented default only where the variable is unset; anything else must be 0 to 60. */
function cacheSeconds(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return MAX_ACCESS_CACHE_SECONDS;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 0 && seconds <= MAX_ACCESS_CACHE_SECONDS))
    throw new Error(`${name} must be a whole number from 0 to ${MAX_ACCESS_CACHE_SECONDS}`);
  return seconds;
}

/** The functions' DynamoDB client, built only where a table is read. */
const documentClient = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });

/**
 * The directory when `DIRECTORY_ACCESS=on` (it then needs `DIRECTORY_TABLE_NAME`); undefined
 * otherwise (decisions on the token's groups, as without SCIM).
 *
 * @throws Error naming the variable that is missing or wrong.
 */
export function directoryAccessFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client?: DynamoDBDocumentClient,
): CachedDirectoryAccess | undefined {
  const decisions = env[ACCESS_ENV.directoryDecisions]?.trim() || 'off';
  if (decisions !== 'on' && decisions !== 'off')
    throw new Error(`${ACCESS_ENV.directoryDecisions} must be on or off`);
  if (decisions === 'off') return undefined;
  const tableName = env[DIRECTORY_TABLE_ENV]?.trim();
  if (!tableName)
    throw new Error(`${ACCESS_ENV.directoryDecisions}=on needs ${DIRECTORY_TABLE_ENV}`);
  const dynamo = client ?? documentClient();
  return new CachedDirectoryAccess({
    store: new DirectoryStore({ client: dynamo, tableName }),
    // The mapping administrators edit (/admin/group-mapping), cached as its setting says.
    mapping: mappingSourceFromEnv(env, undefined, dynamo),
    maxAgeSeconds: cacheSeconds(env, ACCESS_ENV.directoryCacheSeconds),
  });
}

/**
 * The functions' re-check of the caller (caller-recheck.ts): the directory when on, keys'
 * status where the key table is set; undefined when neither is configured.
 */
export function callerRecheckFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client?: DynamoDBDocumentClient,
): CallerRecheck | undefined {
  const keyTable = env[API_KEY_ENV.table]?.trim();
  const decisions = env[ACCESS_ENV.directoryDecisions]?.trim();
  // A client only where something is read: nothing is built on a cold path that needs none.
  const shared = keyTable || decisions === 'on' ? (client ?? documentClient()) : undefined;
  const directory = directoryAccessFromEnv(env, shared);
  const keyStatus = keyTable
    ? new CachedApiKeyStatus({
        store: new ApiKeyStore({ client: shared!, tableName: keyTable }),
        maxAgeSeconds: cacheSeconds(env, ACCESS_ENV.keyStatusCacheSeconds),
      })
    : undefined;
  if (!directory && !keyStatus) return undefined;
  return createCallerRecheck({
    ...(directory ? { directory } : {}),
    ...(keyStatus ? { keyStatus } : {}),
  });
}
