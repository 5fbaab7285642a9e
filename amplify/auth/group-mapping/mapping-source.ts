/**
 * Where a reader gets the group mapping from: the stored one, kept for a few seconds (the
 * `cacheSeconds` setting, at most 60), or the committed default where no table is configured.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { GroupMappingStore } from './group-mapping-store.ts';
import { GROUP_MAPPING_ENV, MAX_MAPPING_CACHE_SECONDS } from './group-mapping-table-definition.ts';
import { entriesOfTable, tableOfEntries } from './mapping-entries.ts';
import { GROUP_MAPPING, type GroupMappingTable } from './mapping-table.ts';

/** The mapping as it applies now (a fixed table, in tests, answers at once). */
export type GroupMappingSource = () => GroupMappingTable | Promise<GroupMappingTable>;

/** Options of {@link cachedMappingSource}. */
export interface CachedMappingSourceOptions {
  /** Reads the stored mapping (the store's `read`). */
  readonly read: GroupMappingStore['read'];
  /** Seconds a read is reused; 0 reads every time. */
  readonly cacheSeconds: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Told when a read failed and the last mapping read is served instead (error name only). */
  readonly onStale?: (errorName: string) => void;
}

/**
 * The stored mapping, read at most once per `cacheSeconds` (callers at the same moment share
 * one read). When a read fails, the last mapping read is served and the next call reads again;
 * with nothing read yet the error is thrown: a sign-in fails rather than get the wrong groups.
 */
export function cachedMappingSource(options: CachedMappingSourceOptions): GroupMappingSource {
  const now = options.now ?? Date.now;
  const ttlMs = Math.min(options.cacheSeconds, MAX_MAPPING_CACHE_SECONDS) * 1000;
  let last: { table: GroupMappingTable; readAt: number } | undefined;
  let reading: Promise<GroupMappingTable> | undefined;
  return async () => {
    if (last && now() - last.readAt < ttlMs) return last.table;
    reading ??= options
      .read()
      .then((document) => {
        last = { table: tableOfEntries(document.entries), readAt: now() };
        return last.table;
      })
      .catch((error: unknown) => {
        if (!last) throw error;
        options.onStale?.(error instanceof Error ? error.name : 'Error');
        return last.table;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
}

/** The committed default as a source (no table configured). */
export function defaultMappingSource(table: GroupMappingTable = GROUP_MAPPING): GroupMappingSource {
  const normalized = tableOfEntries(entriesOfTable(table));
  return () => Promise.resolve(normalized);
}

/**
 * The source a function's environment configures: the stored mapping when
 * `GROUP_MAPPING_TABLE_NAME` is set (cached `GROUP_MAPPING_CACHE_SECONDS`, default 30), else the
 * committed default.
 */
export function mappingSourceFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  onStale?: (errorName: string) => void,
  client?: DynamoDBDocumentClient,
): GroupMappingSource {
  const tableName = env[GROUP_MAPPING_ENV.table];
  if (!tableName) return defaultMappingSource();
  const configured = Number(env[GROUP_MAPPING_ENV.cacheSeconds] ?? 30);
  const cacheSeconds = Number.isFinite(configured) && configured >= 0 ? configured : 30;
  const store = new GroupMappingStore({
    client: client ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName,
  });
  return cachedMappingSource({
    read: () => store.read(),
    cacheSeconds,
    ...(onStale ? { onStale } : {}),
  });
}
