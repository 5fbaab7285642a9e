/**
 * Reading a record's captured content, for an administrator with a reason: the read is itself
 * audited (an `admin-action` record naming the reader, the record and the reason) and noted for
 * the record's owner (`GET /audit/content-reads`) BEFORE anything is fetched or decrypted, and
 * a read that cannot be recorded is refused. The link is read from S3 and checked against its
 * hash and the index before the content is opened with KMS (capture.ts `openContent`).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';

import type { ContentReadAnswer, ContentReadNotice } from '../contract/audit.ts';
import { clientOf, type ClientSource, s3Sdk } from './aws-sdk.ts';
import { openContent } from './capture.ts';
import { linkHash, linkKey } from './chain.ts';
import { auditLinkSchema } from './record.ts';
import { AUDIT_TABLE, parseRecordId, readSortKey, readsPartition } from './table.ts';
import { type AuditEvent, type AuditTrail, expiryOf } from './trail.ts';

/** Why a content read was refused (the route maps each to its answer). */
export class ContentReadRefused extends Error {
  override readonly name = 'ContentReadRefused';
  readonly why: 'not-found' | 'not-captured' | 'tampered';
  constructor(why: ContentReadRefused['why']) {
    super(why);
    this.why = why;
  }
}

export interface ContentReadsOptions {
  readonly dynamo: DynamoDBDocumentClient;
  /** Made on first use in the usage API (aws-sdk.ts), as `kms`. */
  readonly s3: ClientSource<S3Client>;
  readonly kms: ClientSource<KMSClient>;
  readonly tableName: string;
  readonly bucketName: string;
  /** Writes the read's own record; `append` throws when it cannot (the read is refused). */
  readonly trail: Pick<AuditTrail, 'append'>;
  readonly now?: () => Date;
}

/** Who reads, and the request that asks (the route's caller and request id). */
export interface ContentReadRequestFacts {
  readonly recordId: string;
  readonly reason: string;
  readonly reader: {
    readonly sub: string;
    readonly username: string;
    readonly groups: readonly string[];
  };
  readonly requestId: string;
  /** `METHOD /route` of the read, for its audit record. */
  readonly action: string;
  /** Told once the read's audit record is written (what happens next is a granted read). */
  readonly recorded?: () => void;
}

export class ContentReads {
  readonly #options: ContentReadsOptions;

  constructor(options: ContentReadsOptions) {
    this.#options = options;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Records the read, tells the owner, then opens the content. Throws `ContentReadRefused`. */
  async read(facts: ContentReadRequestFacts): Promise<ContentReadAnswer> {
    const started = performance.now();
    const { dynamo, tableName } = this.#options;
    const place = parseRecordId(facts.recordId);
    if (!place) throw new ContentReadRefused('not-found');
    const now = this.#now();
    const { Item: item } = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: place.pk, sk: place.sk },
        ConsistentRead: true,
      }),
    );
    // An expired record is gone for every reader, even before TTL deletes it.
    if (!item || Number(item[AUDIT_TABLE.ttlAttribute]) <= Math.floor(now.getTime() / 1000))
      throw new ContentReadRefused('not-found');
    if (item['contentCaptured'] !== 'kms' && item['contentCaptured'] !== 'sha256')
      throw new ContentReadRefused('not-captured');
    const owner = {
      requestId: String(item['requestId']),
      at: String(item['at']),
      sub: String(item['sub']),
      username: String(item['username']),
    };

    // First the record of the read, then the owner's notice: no content before both exist.
    const readEvent: AuditEvent = {
      kind: 'admin-action',
      at: now,
      requestId: facts.requestId,
      sub: facts.reader.sub,
      username: facts.reader.username,
      groups: facts.reader.groups,
      group: 'Administrators',
      action: facts.action,
      outcome: 'ok',
      status: 200,
      latencyMs: Math.round(performance.now() - started),
      reason: facts.reason,
      readOf: {
        recordId: facts.recordId,
        requestId: owner.requestId,
        sub: owner.sub,
        username: owner.username,
      },
    };
    const readLink = await this.#options.trail.append(readEvent);
    facts.recorded?.();
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: readsPartition(owner.sub),
          sk: readSortKey(readLink.record.at, facts.requestId),
          reader: facts.reader.username,
          reason: facts.reason,
          requestId: owner.requestId,
          requestAt: owner.at,
          [AUDIT_TABLE.ttlAttribute]: expiryOf(readLink.record),
        },
      }),
    );

    const record = await this.#storedRecord(place.chain, place.seq, String(item['hash']));
    if (record.requestId !== owner.requestId || !record.content)
      throw new ContentReadRefused('tampered');
    if (record.content.mode === 'sha256')
      return { recordId: facts.recordId, mode: 'sha256', sha256: record.content.sha256 };
    const content = await openContent(this.#options.kms, record.content, record.requestId);
    return { recordId: facts.recordId, mode: 'kms', content };
  }

  /** The link of `chain`/`seq` from S3, refused unless its hash is intact and the index's. */
  async #storedRecord(chain: string, seq: number, indexedHash: string) {
    const { bucketName } = this.#options;
    const [s3, { GetObjectCommand }] = await Promise.all([clientOf(this.#options.s3), s3Sdk()]);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucketName, Key: linkKey(chain, seq) }),
    );
    const parsed = auditLinkSchema.safeParse(
      JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null') as unknown,
    );
    if (!parsed.success) throw new ContentReadRefused('tampered');
    const link = parsed.data;
    const { hash, ...unhashed } = link;
    if (
      hash !== indexedHash ||
      linkHash(unhashed) !== hash ||
      link.chain !== chain ||
      link.seq !== seq
    )
      throw new ContentReadRefused('tampered');
    return link.record;
  }

  /** The reads of `sub`'s content still within retention, newest first. */
  async notices(sub: string, limit: number): Promise<ContentReadNotice[]> {
    const { dynamo, tableName } = this.#options;
    const answer = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#expiresAt > :now',
        ExpressionAttributeNames: {
          '#pk': AUDIT_TABLE.partitionKey,
          '#expiresAt': AUDIT_TABLE.ttlAttribute,
        },
        ExpressionAttributeValues: {
          ':pk': readsPartition(sub),
          ':now': Math.floor(this.#now().getTime() / 1000),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (answer.Items ?? []).map((item) => ({
      at: String(item['sk']).split('#')[0]!,
      reader: String(item['reader']),
      reason: String(item['reason']),
      requestId: String(item['requestId']),
      requestAt: String(item['requestAt']),
    }));
  }
}
