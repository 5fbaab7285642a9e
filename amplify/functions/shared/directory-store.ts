/**
 * The directory store: users, groups and memberships provisioned over SCIM, in one DynamoDB
 * table (amplify/directory/directory-table-definition.ts). Unique values are claimed in the
 * same transaction as the resource; a membership is its own item, so neither a group with
 * thousands of members nor a user in hundreds of groups ever grows one item.
 */
import { randomUUID } from 'node:crypto';

import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

import { DIRECTORY_TABLE } from '../../directory/directory-table-definition.ts';
import {
  DirectoryConflictError,
  DirectoryNotFoundError,
  UnknownMemberError,
} from './directory-errors.ts';
import type {
  DirectoryGroup,
  DirectoryGroupAttributes,
  DirectoryPage,
  DirectoryUser,
  DirectoryUserAttributes,
} from './directory-records.ts';

// DynamoDB API Reference: BatchWriteItem takes at most 25 requests, BatchGetItem 100 keys,
// TransactWriteItems 100 actions (docs.aws.amazon.com/amazondynamodb/latest/APIReference/).
const BATCH_WRITE_MAX = 25;
const BATCH_GET_MAX = 100;
/** Rounds of retrying unprocessed batch items before the call fails (each waits a bit longer). */
const BATCH_RETRIES = 8;

type Item = Record<string, unknown>;
/** A table key (a record type, as the document client's key maps are). */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- must be assignable to Item
type Key = { pk: string; sk: string };

const userKey = (id: string): Key => ({ pk: `USER#${id}`, sk: 'USER' });
const groupKey = (id: string): Key => ({ pk: `GROUP#${id}`, sk: 'GROUP' });
const memberKey = (groupId: string, userId: string): Key => ({
  pk: `GROUP#${groupId}`,
  sk: `MEMBER#${userId}`,
});
const UNIQUE = 'UNIQUE';
/** The uniqueness claims: userName is case-insensitive (RFC 7643 §4.1.1), externalId exact. */
const claimKey = {
  userName: (userName: string): Key => ({ pk: `USERNAME#${userName.toLowerCase()}`, sk: UNIQUE }),
  userExternalId: (externalId: string): Key => ({
    pk: `USER_EXTERNAL_ID#${externalId}`,
    sk: UNIQUE,
  }),
  groupExternalId: (externalId: string): Key => ({
    pk: `GROUP_EXTERNAL_ID#${externalId}`,
    sk: UNIQUE,
  }),
};

/** What the store needs; `now` is injectable for tests. */
export interface DirectoryStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly now?: () => Date;
}

/** A transaction action on the table (lib-dynamodb's shape, table name added by the store). */
type Action =
  | { Put: { Item: Item; ConditionExpression?: string; ExpressionAttributeValues?: Item } }
  | { Delete: { Key: Key } };

/** Reads and writes the directory table. */
export class DirectoryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(options: DirectoryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
  }

  // ---- users ----

  /** Creates a user with a new id; `DirectoryConflictError` when userName or externalId is taken. */
  async createUser(attributes: DirectoryUserAttributes): Promise<DirectoryUser> {
    const now = this.#now().toISOString();
    const user: DirectoryUser = {
      ...attributes,
      id: randomUUID(),
      created: now,
      lastModified: now,
    };
    const claims = userClaims(user);
    await this.#transact(
      [
        { Put: { Item: userItem(user), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...claims.map(({ key }) => claimPut(key, user.id)),
      ],
      [undefined, ...claims.map((claim) => claim.attribute)],
    );
    return user;
  }

  async getUser(id: string): Promise<DirectoryUser | undefined> {
    const item = await this.#get(userKey(id));
    return item ? toUser(item) : undefined;
  }

  /** The user holding `userName` (case-insensitive), read consistently through its claim. */
  async findUserByUserName(userName: string): Promise<DirectoryUser | undefined> {
    return this.#byClaim(claimKey.userName(userName), (id) => this.getUser(id));
  }

  async findUserByExternalId(externalId: string): Promise<DirectoryUser | undefined> {
    return this.#byClaim(claimKey.userExternalId(externalId), (id) => this.getUser(id));
  }

  /**
   * Replaces a user's attributes (PUT, and PATCH after it is applied); claims follow a changed
   * userName or externalId in the same transaction.
   */
  async replaceUser(id: string, attributes: DirectoryUserAttributes): Promise<DirectoryUser> {
    const previous = await this.getUser(id);
    if (!previous) throw new DirectoryNotFoundError('User');
    const user: DirectoryUser = {
      ...attributes,
      id,
      created: previous.created,
      lastModified: this.#now().toISOString(),
    };
    const { actions, reasons } = claimChanges(userClaims(previous), userClaims(user), id);
    await this.#transact(
      [
        {
          Put: {
            Item: userItem(user),
            // Deleted meanwhile: not found, never re-created by a replace.
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        ...actions,
      ],
      [undefined, ...reasons],
      'User',
    );
    return user;
  }

  /** Deletes a user, its claims and its memberships; false when there was no such user. */
  async deleteUser(id: string): Promise<boolean> {
    const user = await this.getUser(id);
    if (!user) return false;
    await this.#transact([
      { Delete: { Key: userKey(id) } },
      ...userClaims(user).map(({ key }) => ({ Delete: { Key: key } })),
    ]);
    const groupIds = await this.groupIdsOf(id);
    await this.#batchDelete(groupIds.map((groupId) => memberKey(groupId, id)));
    return true;
  }

  /** Users in userName order, one page (SCIM pagination, RFC 7644 §3.4.2.4). */
  async listUsers(startIndex: number, count: number): Promise<DirectoryPage<DirectoryUser>> {
    return this.#listKind('User', startIndex, count, toUser);
  }

  // ---- groups ----

  /** Creates a group and its first members (which must be provisioned users). */
  async createGroup(
    attributes: DirectoryGroupAttributes,
    memberIds: readonly string[] = [],
  ): Promise<DirectoryGroup> {
    await this.requireUsers(memberIds);
    const now = this.#now().toISOString();
    const group: DirectoryGroup = {
      ...attributes,
      id: randomUUID(),
      created: now,
      lastModified: now,
    };
    const claims = groupClaims(group);
    await this.#transact(
      [
        { Put: { Item: groupItem(group), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...claims.map(({ key }) => claimPut(key, group.id)),
      ],
      [undefined, ...claims.map((claim) => claim.attribute)],
    );
    await this.#batchPut(memberIds.map((userId) => memberItem(group.id, userId)));
    return group;
  }

  async getGroup(id: string): Promise<DirectoryGroup | undefined> {
    const item = await this.#get(groupKey(id));
    return item ? toGroup(item) : undefined;
  }

  async findGroupByExternalId(externalId: string): Promise<DirectoryGroup | undefined> {
    return this.#byClaim(claimKey.groupExternalId(externalId), (id) => this.getGroup(id));
  }

  /**
   * Groups whose displayName equals `displayName` (case-insensitive; display names need not be
   * unique). Read from the `byKind` index, which is eventually consistent.
   */
  async findGroupsByDisplayName(displayName: string): Promise<DirectoryGroup[]> {
    const index = DIRECTORY_TABLE.byKindIndex;
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: index.name,
      KeyConditionExpression: '#kind = :kind AND begins_with(#sortKey, :prefix)',
      ExpressionAttributeNames: { '#kind': index.partitionKey, '#sortKey': index.sortKey },
      ExpressionAttributeValues: { ':kind': 'Group', ':prefix': `${displayName.toLowerCase()}#` },
    });
    // The prefix also matches longer names that contain `#` ("Team" finds "Team#2#<id>").
    return items
      .map(toGroup)
      .filter((group) => group.displayName.toLowerCase() === displayName.toLowerCase());
  }

  async replaceGroup(id: string, attributes: DirectoryGroupAttributes): Promise<DirectoryGroup> {
    const previous = await this.getGroup(id);
    if (!previous) throw new DirectoryNotFoundError('Group');
    const group: DirectoryGroup = {
      ...attributes,
      id,
      created: previous.created,
      lastModified: this.#now().toISOString(),
    };
    const { actions, reasons } = claimChanges(groupClaims(previous), groupClaims(group), id);
    await this.#transact(
      [
        { Put: { Item: groupItem(group), ConditionExpression: 'attribute_exists(pk)' } },
        ...actions,
      ],
      [undefined, ...reasons],
      'Group',
    );
    return group;
  }

  /** Deletes a group, its claim and every membership; false when there was no such group. */
  async deleteGroup(id: string): Promise<boolean> {
    const group = await this.getGroup(id);
    if (!group) return false;
    // The group first: a membership left behind by a failure names a group that no longer
    // exists, which access decisions ignore.
    await this.#transact([
      { Delete: { Key: groupKey(id) } },
      ...groupClaims(group).map(({ key }) => ({ Delete: { Key: key } })),
    ]);
    const members = await this.memberIdsOf(id);
    await this.#batchDelete(members.map((userId) => memberKey(id, userId)));
    return true;
  }

  async listGroups(startIndex: number, count: number): Promise<DirectoryPage<DirectoryGroup>> {
    return this.#listKind('Group', startIndex, count, toGroup);
  }

  /** Bumps a group's lastModified after a membership change. */
  async touchGroup(id: string): Promise<DirectoryGroup> {
    const group = await this.getGroup(id);
    if (!group) throw new DirectoryNotFoundError('Group');
    return this.replaceGroup(id, { displayName: group.displayName, externalId: group.externalId });
  }

  // ---- memberships ----

  /** The user ids of a group's members (the group's own partition, read consistently). */
  async memberIdsOf(groupId: string): Promise<string[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: { ':pk': `GROUP#${groupId}`, ':member': 'MEMBER#' },
      ProjectionExpression: 'memberId',
      ConsistentRead: true,
    });
    return items.map((item) => String(item['memberId']));
  }

  /** The ids of the groups a user is a member of (the `byMember` index). */
  async groupIdsOf(userId: string): Promise<string[]> {
    const index = DIRECTORY_TABLE.byMemberIndex;
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: index.name,
      KeyConditionExpression: '#member = :member',
      ExpressionAttributeNames: { '#member': index.partitionKey },
      ExpressionAttributeValues: { ':member': userId },
    });
    return items.map((item) => String(item['pk']).slice('GROUP#'.length));
  }

  /** Adds members (idempotent); `UnknownMemberError` when a user is not provisioned. */
  async addMembers(groupId: string, userIds: readonly string[]): Promise<void> {
    if (!(await this.getGroup(groupId))) throw new DirectoryNotFoundError('Group');
    await this.requireUsers(userIds);
    await this.#batchPut([...new Set(userIds)].map((userId) => memberItem(groupId, userId)));
  }

  /** Removes members (removing a non-member is not an error). */
  async removeMembers(groupId: string, userIds: readonly string[]): Promise<void> {
    if (!(await this.getGroup(groupId))) throw new DirectoryNotFoundError('Group');
    await this.#batchDelete([...new Set(userIds)].map((userId) => memberKey(groupId, userId)));
  }

  /** Makes `userIds` the group's members: adds the new ones, removes the others. */
  async replaceMembers(groupId: string, userIds: readonly string[]): Promise<void> {
    const wanted = new Set(userIds);
    const current = await this.memberIdsOf(groupId);
    await this.addMembers(
      groupId,
      [...wanted].filter((id) => !current.includes(id)),
    );
    await this.#batchDelete(
      current.filter((id) => !wanted.has(id)).map((userId) => memberKey(groupId, userId)),
    );
  }

  /** The groups with these ids that exist (missing ones are left out). */
  async getGroups(ids: readonly string[]): Promise<DirectoryGroup[]> {
    const items = await this.#batchGet([...new Set(ids)].map(groupKey));
    return items.map(toGroup);
  }

  // ---- table access ----

  async #get(key: Key): Promise<Item | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  async #byClaim<T>(
    key: Key,
    load: (id: string) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const claim = await this.#get(key);
    return claim ? load(String(claim['ownerId'])) : undefined;
  }

  /** Throws `UnknownMemberError` unless every id is a provisioned user. */
  async requireUsers(userIds: readonly string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const found = await this.#batchGet(unique.map(userKey), 'pk');
    if (found.length !== unique.length) throw new UnknownMemberError(unique.length - found.length);
  }

  /** A page of one kind from the `byKind` index; the total is counted across the index. */
  async #listKind<T>(
    kind: 'User' | 'Group',
    startIndex: number,
    count: number,
    convert: (item: Item) => T,
  ): Promise<DirectoryPage<T>> {
    const index = DIRECTORY_TABLE.byKindIndex;
    const base = {
      TableName: this.#table,
      IndexName: index.name,
      KeyConditionExpression: '#kind = :kind',
      ExpressionAttributeNames: { '#kind': index.partitionKey },
      ExpressionAttributeValues: { ':kind': kind },
    };
    let totalResults = 0;
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...base, Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      totalResults += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    // Offset paging reads the items before the page too: fine for a directory's size.
    const wanted = startIndex - 1 + count;
    const items = count === 0 ? [] : await this.#queryAll(base, wanted);
    return { totalResults, startIndex, items: items.slice(startIndex - 1, wanted).map(convert) };
  }

  async #queryAll(input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...input, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items;
  }

  async #batchGet(keys: readonly Key[], projection?: string): Promise<Item[]> {
    const found: Item[] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
      let pending: Item[] | undefined = keys.slice(start, start + BATCH_GET_MAX);
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > BATCH_RETRIES) throw new Error('BatchGetItem kept leaving keys unprocessed');
        if (round > 0) await backOff(round);
        const answer: BatchGetCommandOutput = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#table]: {
                Keys: pending,
                ConsistentRead: true,
                ...(projection ? { ProjectionExpression: projection } : {}),
              },
            },
          }),
        );
        found.push(...(answer.Responses?.[this.#table] ?? []));
        pending = answer.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    return found;
  }

  #batchPut(items: readonly Item[]): Promise<void> {
    return this.#batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  #batchDelete(keys: readonly Key[]): Promise<void> {
    return this.#batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));
  }

  async #batchWrite(requests: readonly Item[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_WRITE_MAX) {
      let pending: Item[] | undefined = requests.slice(start, start + BATCH_WRITE_MAX);
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > BATCH_RETRIES) throw new Error('BatchWriteItem kept leaving items unprocessed');
        if (round > 0) await backOff(round);
        const answer: BatchWriteCommandOutput = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }),
        );
        pending = answer.UnprocessedItems?.[this.#table];
      }
    }
  }

  /**
   * One transaction. A failed condition on action `i` is read through `reasons[i]`: a claim
   * taken by another resource is a conflict; the resource's own condition means it is gone.
   */
  async #transact(
    actions: readonly Action[],
    reasons: readonly ('userName' | 'externalId' | undefined)[] = [],
    kind?: 'User' | 'Group',
  ): Promise<void> {
    const TransactItems = actions.map((action) =>
      'Put' in action
        ? { Put: { TableName: this.#table, ...action.Put } }
        : { Delete: { TableName: this.#table, ...action.Delete } },
    );
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems }));
    } catch (error) {
      const cancellations = (error as { CancellationReasons?: { Code?: string }[] })
        .CancellationReasons;
      if ((error as Error).name !== 'TransactionCanceledException' || !cancellations) throw error;
      const failed = cancellations.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      const attribute = reasons[failed];
      if (attribute) throw new DirectoryConflictError(attribute);
      if (failed === 0 && kind) throw new DirectoryNotFoundError(kind);
      throw error;
    }
  }
}

/** Waits before a retry of unprocessed batch items (exponential, from 25 ms). */
const backOff = (round: number) =>
  new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(round, 6)));

interface Claim {
  readonly key: Key;
  readonly attribute: 'userName' | 'externalId';
}

function userClaims(user: DirectoryUserAttributes): Claim[] {
  return [
    { key: claimKey.userName(user.userName), attribute: 'userName' as const },
    ...(user.externalId
      ? [{ key: claimKey.userExternalId(user.externalId), attribute: 'externalId' as const }]
      : []),
  ];
}

function groupClaims(group: DirectoryGroupAttributes): Claim[] {
  return group.externalId
    ? [{ key: claimKey.groupExternalId(group.externalId), attribute: 'externalId' }]
    : [];
}

/** A claim for `ownerId`: refused when another resource holds it. */
function claimPut(key: Key, ownerId: string): Action {
  return {
    Put: {
      Item: { ...key, ownerId },
      ConditionExpression: 'attribute_not_exists(pk) OR ownerId = :owner',
      ExpressionAttributeValues: { ':owner': ownerId },
    },
  };
}

/** The claim writes that move a resource from its old unique values to its new ones. */
function claimChanges(
  before: readonly Claim[],
  after: readonly Claim[],
  ownerId: string,
): { actions: Action[]; reasons: (Claim['attribute'] | undefined)[] } {
  const same = (a: Claim, b: Claim) => a.key.pk === b.key.pk;
  const released = before.filter((claim) => !after.some((other) => same(claim, other)));
  const taken = after.filter((claim) => !before.some((other) => same(claim, other)));
  return {
    actions: [
      ...released.map((claim): Action => ({ Delete: { Key: claim.key } })),
      ...taken.map((claim) => claimPut(claim.key, ownerId)),
    ],
    reasons: [...released.map(() => undefined), ...taken.map((claim) => claim.attribute)],
  };
}

function userItem(user: DirectoryUser): Item {
  return {
    ...userKey(user.id),
    kind: 'User',
    sortKey: user.userName.toLowerCase(),
    ...user,
  };
}

function groupItem(group: DirectoryGroup): Item {
  return {
    ...groupKey(group.id),
    kind: 'Group',
    sortKey: `${group.displayName.toLowerCase()}#${group.id}`,
    ...group,
  };
}

function memberItem(groupId: string, userId: string): Item {
  return { ...memberKey(groupId, userId), memberId: userId };
}

/** The record of a stored item (table bookkeeping left out). */
function record(item: Item): Item {
  const { pk, sk, kind, sortKey, ...rest } = item;
  void pk;
  void sk;
  void kind;
  void sortKey;
  return rest;
}

const toUser = (item: Item) => record(item) as unknown as DirectoryUser;
const toGroup = (item: Item) => record(item) as unknown as DirectoryGroup;
