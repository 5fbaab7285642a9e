import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

import { API_KEY_TABLE, EXPIRED_KEY_KEPT_DAYS } from '../../api-keys/api-key-table-definition.ts';
import type { ApiKeyBudget, ApiKeyStatus } from '../../contract/api-keys.ts';

/** A key as stored: everything but the key itself, of which only an HMAC is kept. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly ownerSub: string;
  /** Cognito user name: what AdminListGroupsForUser takes. */
  readonly ownerUsername: string;
  readonly name: string;
  readonly models: readonly string[];
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly secretHmac: string;
  /** The owner's ABAC claims when the key was made (the catalog's rules and cost centre read them). */
  readonly claims: Readonly<Record<string, string>>;
  readonly budget?: ApiKeyBudget;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
  /** `sub` of who revoked it (the owner or an administrator). */
  readonly revokedBy?: string;
}

/** Whether the key works at `now`. */
export function apiKeyStatus(record: ApiKeyRecord, now: Date): ApiKeyStatus {
  if (record.revokedAt) return 'revoked';
  return Date.parse(record.expiresAt) <= now.getTime() ? 'expired' : 'active';
}

/** Most keys one list answer holds (the admin list reads pages until it has them). */
export const MAX_LISTED_KEYS = 1000;

/** The key table: create, read, list, revoke and mark used. */
export class ApiKeyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    if (!options.tableName) throw new Error('ApiKeyStore: tableName is required');
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  /** Stores a new key; its id must be new. */
  async create(record: ApiKeyRecord): Promise<void> {
    const deleteAfter =
      Math.ceil(Date.parse(record.expiresAt) / 1000) + EXPIRED_KEY_KEPT_DAYS * 86_400;
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...record, [API_KEY_TABLE.ttlAttribute]: deleteAfter },
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': API_KEY_TABLE.partitionKey },
      }),
    );
  }

  /** The key with that id (strongly consistent: a revocation is seen at once). */
  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const answer = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [API_KEY_TABLE.partitionKey]: keyId },
        ConsistentRead: true,
      }),
    );
    return answer.Item ? recordOf(answer.Item) : undefined;
  }

  /** A user's keys, newest first. */
  async listByOwner(ownerSub: string): Promise<ApiKeyRecord[]> {
    const index = API_KEY_TABLE.byOwnerIndex;
    const records: ApiKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: index.name,
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': index.partitionKey },
          ExpressionAttributeValues: { ':owner': ownerSub },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      records.push(...(page.Items ?? []).map(recordOf));
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < MAX_LISTED_KEYS);
    return records.slice(0, MAX_LISTED_KEYS);
  }

  /** Every user's keys (Administrators), newest first, at most {@link MAX_LISTED_KEYS}. */
  async listAll(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({ TableName: this.#tableName, ExclusiveStartKey: startKey }),
      );
      records.push(...(page.Items ?? []).map(recordOf));
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < MAX_LISTED_KEYS);
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_LISTED_KEYS);
  }

  /**
   * Revokes a key (a second revocation keeps the first time). With `ownerSub`, only that
   * owner's key: another user's is answered like a missing one.
   *
   * @returns the revoked key, or undefined when there is no such key (of that owner).
   */
  async revoke(
    keyId: string,
    by: { readonly sub: string; readonly ownerSub?: string },
    now: Date,
  ): Promise<ApiKeyRecord | undefined> {
    const ownerCheck = by.ownerSub === undefined ? '' : ' AND #owner = :owner';
    try {
      const answer = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { [API_KEY_TABLE.partitionKey]: keyId },
          UpdateExpression:
            'SET #revokedAt = if_not_exists(#revokedAt, :now), #revokedBy = if_not_exists(#revokedBy, :by)',
          ConditionExpression: `attribute_exists(#id)${ownerCheck}`,
          ExpressionAttributeNames: {
            '#id': API_KEY_TABLE.partitionKey,
            '#revokedAt': 'revokedAt',
            '#revokedBy': 'revokedBy',
            ...(by.ownerSub === undefined ? {} : { '#owner': 'ownerSub' }),
          },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':by': by.sub,
            ...(by.ownerSub === undefined ? {} : { ':owner': by.ownerSub }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return answer.Attributes ? recordOf(answer.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Records that the key was used at `now`, at most once per `everySeconds` (a conditional
   * write: most calls write nothing). Never fails the call: a lost race is no news.
   */
  async touch(keyId: string, now: Date, everySeconds: number): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { [API_KEY_TABLE.partitionKey]: keyId },
          UpdateExpression: 'SET #used = :now',
          ConditionExpression:
            'attribute_exists(#id) AND (attribute_not_exists(#used) OR #used < :before)',
          ExpressionAttributeNames: { '#id': API_KEY_TABLE.partitionKey, '#used': 'lastUsedAt' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':before': new Date(now.getTime() - everySeconds * 1000).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** The stored item as a record (the TTL attribute dropped). */
function recordOf(item: Record<string, unknown>): ApiKeyRecord {
  const record: Record<string, unknown> = { ...item };
  delete record[API_KEY_TABLE.ttlAttribute];
  return record as unknown as ApiKeyRecord;
}
