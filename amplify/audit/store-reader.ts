/**
 * Reads what the trail stored: a day's links from S3 and its chain heads from DynamoDB (for the
 * verifier), and a day's record metadata (for the admin page). Expired chains and records are
 * skipped: DynamoDB TTL and S3 lifecycle delete them only some time after they expire.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

import { s3Sdk } from './aws-sdk.ts';
import { parseLinkKey } from './chain.ts';
import type { AuditMetadata } from './record.ts';
import { AUDIT_TABLE, dayPartition, HEAD_PREFIX, RECORD_PREFIX, recordIdOf } from './table.ts';
import type { ChainHead, StoredLink } from './verify.ts';

export interface AuditStoreReaderOptions {
  readonly dynamo: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The record objects (the verifier); the admin page lists the index only. */
  readonly s3?: S3Client;
  readonly bucketName?: string;
  readonly now?: () => Date;
}

/** Whether a chain (`<day>/r<days>/s<n>`) is past its retention at `now`. */
export function chainExpired(chain: string, now: Date): boolean {
  const [day, retention] = chain.split('/');
  const days = Number(retention?.slice(1));
  return Date.parse(`${day}T00:00:00.000Z`) + (days + 1) * 86_400_000 <= now.getTime();
}

/** Exact-match filters of a listing (attributes of the index items). */
export interface AuditFilter {
  readonly kind?: string;
  readonly outcome?: string;
  readonly username?: string;
  readonly model?: string;
}

/** One page of a day's record metadata. */
export interface AuditPage {
  readonly records: readonly AuditMetadata[];
  /** Pass back to get the next page; absent on the last. */
  readonly cursor?: string;
}

export class AuditStoreReader {
  readonly #options: AuditStoreReaderOptions;

  constructor(options: AuditStoreReaderOptions) {
    this.#options = options;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Every stored link of `day`, across its retention classes and shards. */
  async links(day: string): Promise<StoredLink[]> {
    const { s3, bucketName } = this.#options;
    if (!s3 || !bucketName) throw new Error('Reading links needs the S3 client and bucket');
    const { GetObjectCommand, ListObjectsV2Command } = await s3Sdk();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: bucketName,
          Prefix: 'records/',
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const now = this.#now();
    const ofDay = keys.filter((key) => {
      const place = parseLinkKey(key);
      // Keys that are not a link's are kept: the verifier reports them.
      return !place
        ? key.includes(`/${day}/`)
        : place.chain.startsWith(`${day}/`) && !chainExpired(place.chain, now);
    });
    return Promise.all(
      ofDay.map(async (key) => {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
        return { key, body: (await object.Body?.transformToString('utf8')) ?? '' };
      }),
    );
  }

  /** The heads of `day`'s chains that are still within retention. */
  async heads(day: string): Promise<ChainHead[]> {
    const items = await this.#queryAll(day, HEAD_PREFIX);
    const now = this.#now();
    return items
      .map((item) => ({
        chain: String(item['sk']).slice(HEAD_PREFIX.length),
        seq: Number(item['seq']),
        hash: String(item['hash']),
      }))
      .filter((head) => !chainExpired(head.chain, now));
  }

  /** A page of `day`'s record metadata matching `filter`, oldest first, without expired ones. */
  async records(
    day: string,
    limit: number,
    { cursor, ...filter }: AuditFilter & { readonly cursor?: string } = {},
  ): Promise<AuditPage> {
    const { dynamo, tableName } = this.#options;
    const names: Record<string, string> = {
      '#pk': AUDIT_TABLE.partitionKey,
      '#sk': AUDIT_TABLE.sortKey,
      '#expiresAt': AUDIT_TABLE.ttlAttribute,
    };
    const values: Record<string, unknown> = {
      ':pk': dayPartition(day),
      ':prefix': RECORD_PREFIX,
      ':now': Math.floor(this.#now().getTime() / 1000),
    };
    // TTL deletes within days of expiry, not at it: a read never shows an expired record.
    const conditions = ['#expiresAt > :now'];
    for (const [name, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      conditions.push(`#${name} = :${name}`);
    }
    const answer = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, day) } : {}),
      }),
    );
    return {
      records: (answer.Items ?? []).map(toMetadata),
      ...(answer.LastEvaluatedKey ? { cursor: encodeCursor(answer.LastEvaluatedKey) } : {}),
    };
  }

  async #queryAll(day: string, prefix: string): Promise<Record<string, unknown>[]> {
    const { dynamo, tableName } = this.#options;
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': AUDIT_TABLE.partitionKey, '#sk': AUDIT_TABLE.sortKey },
          ExpressionAttributeValues: { ':pk': dayPartition(day), ':prefix': prefix },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(answer.Items ?? []));
      start = answer.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** Index attributes that are storage, not metadata. */
const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'chain', 'seq', 'hash', AUDIT_TABLE.ttlAttribute]);

/** An index item as metadata: the storage keys and chain fields dropped, its id added. */
export function toMetadata(item: Record<string, unknown>): AuditMetadata {
  return {
    ...Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name))),
    recordId: recordIdOf(String(item['sk'])),
  } as AuditMetadata;
}

const encodeCursor = (key: Record<string, unknown>) =>
  Buffer.from(String(key['sk']), 'utf8').toString('base64url');

/** The start key a cursor names; only keys of the day's record items are accepted. */
function decodeCursor(cursor: string, day: string): Record<string, unknown> {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sk.startsWith(RECORD_PREFIX)) throw new InvalidCursorError();
  return { pk: dayPartition(day), sk };
}

/** A cursor that does not name a record of the day (the route answers 400). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
