/**
 * The stored group mapping (group-mapping-table-definition.ts): read by the pre-token trigger
 * and the directory, replaced by administrators through the usage API. One item with a version:
 * an edit names the version it was made from and is refused when another edit came first, so
 * no edit silently overwrites another.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

import type { GroupMappingDocument, GroupMappingEntry } from '../../contract/group-mapping.ts';
import { MAPPING_SOURCES } from '../../contract/group-mapping.ts';
import { isGroup } from '../../contract/groups.ts';
import { GROUP_MAPPING_TABLE } from './group-mapping-table-definition.ts';
import { entriesOfTable, normalizeEntry } from './mapping-entries.ts';
import { GROUP_MAPPING, type GroupMappingTable } from './mapping-table.ts';

/** An edit made from a version that is no longer the stored one (the API answers 409). */
export class MappingVersionConflictError extends Error {
  override readonly name = 'MappingVersionConflictError';
  readonly currentVersion: number;
  constructor(currentVersion: number) {
    super(`The group mapping is at version ${currentVersion} now`);
    this.currentVersion = currentVersion;
  }
}

/** What the store needs; `now` and the default are injectable for tests. */
export interface GroupMappingStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly now?: () => Date;
  /** The mapping while nothing is stored. @default GROUP_MAPPING (mapping-table.ts) */
  readonly defaultTable?: GroupMappingTable;
}

/** A replacement that was stored: the mapping before and after. */
export interface ReplacedGroupMapping {
  readonly previous: GroupMappingDocument;
  readonly mapping: GroupMappingDocument;
}

const KEY = { [GROUP_MAPPING_TABLE.partitionKey]: GROUP_MAPPING_TABLE.itemKey };

export class GroupMappingStore {
  readonly #options: GroupMappingStoreOptions;

  constructor(options: GroupMappingStoreOptions) {
    this.#options = options;
  }

  /** The stored mapping, or the default (version 0) while none is stored. Read consistently. */
  async read(): Promise<GroupMappingDocument> {
    const { client, tableName } = this.#options;
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: KEY, ConsistentRead: true }),
    );
    if (!Item)
      return { version: 0, entries: entriesOfTable(this.#options.defaultTable ?? GROUP_MAPPING) };
    return {
      version: Number(Item['version']),
      entries: entriesOfItem(Item['entries']),
      ...(typeof Item['updatedAt'] === 'string' ? { updatedAt: Item['updatedAt'] } : {}),
      ...(typeof Item['updatedBy'] === 'string' ? { updatedBy: Item['updatedBy'] } : {}),
    };
  }

  /**
   * Stores `entries` as the next version after `fromVersion`, with who did it and when.
   *
   * @throws MappingVersionConflictError when the stored version is not `fromVersion`.
   */
  async replace(
    fromVersion: number,
    entries: readonly GroupMappingEntry[],
    updatedBy: string,
  ): Promise<ReplacedGroupMapping> {
    const { client, tableName } = this.#options;
    const previous = await this.read();
    if (previous.version !== fromVersion) throw new MappingVersionConflictError(previous.version);
    const mapping: GroupMappingDocument = {
      version: fromVersion + 1,
      entries: entries.map(normalizeEntry),
      updatedAt: (this.#options.now?.() ?? new Date()).toISOString(),
      updatedBy,
    };
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...KEY, ...mapping },
          // Only over the version read: another edit in between makes this one fail, not win.
          ...(fromVersion === 0
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': GROUP_MAPPING_TABLE.partitionKey },
              }
            : {
                ConditionExpression: '#version = :from',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':from': fromVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
        throw new MappingVersionConflictError((await this.read()).version);
      throw error;
    }
    return { previous, mapping };
  }
}

/**
 * The entries of a stored item, keeping only well-formed ones: the item could have been edited
 * outside the app, and a malformed row must grant nothing rather than break every sign-in.
 */
function entriesOfItem(value: unknown): GroupMappingEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: GroupMappingEntry[] = [];
  for (const row of value as Record<string, unknown>[]) {
    if (!row || typeof row !== 'object') continue;
    const { source, value: matched, group, department, costCentre } = row;
    if (!(MAPPING_SOURCES as readonly unknown[]).includes(source)) continue;
    if (typeof matched !== 'string' || matched === '' || !isGroup(group)) continue;
    entries.push(
      normalizeEntry({
        source: source as GroupMappingEntry['source'],
        value: matched,
        group,
        ...(typeof department === 'string' ? { department } : {}),
        ...(typeof costCentre === 'string' ? { costCentre } : {}),
      }),
    );
  }
  return entries;
}
