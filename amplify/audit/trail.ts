/**
 * The audit trail writer: turns what a request did into a record, captures its content as the
 * group's policy says, links the record into its chain (DynamoDB head, conditional) and stores
 * the link in S3 (Object Lock in production).
 */
import { randomInt } from 'node:crypto';

import type { S3Client } from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

import { clientOf, type ClientSource, s3Sdk } from './aws-sdk.ts';
import type { ContentCapture } from './capture.ts';
import { chainId, dayOf, genesisHash, linkKey, linkRecord } from './chain.ts';
import type { AuditKind } from './kinds.ts';
import { type AuditPolicy, captureFor, retentionFor } from './policy.ts';
import type { AuditLink, AuditRecord } from './record.ts';
import { AUDIT_TABLE, dayPartition, headSortKey, recordSortKey } from './table.ts';

/** What a request did, as the function that served it knows it. Content only for capture. */
export interface AuditEvent extends Omit<
  AuditRecord,
  'v' | 'at' | 'group' | 'retentionDays' | 'content'
> {
  readonly at: Date;
  /** Every group of the caller; the first decides when `group` is not known. */
  readonly groups: readonly string[];
  readonly group?: string;
  /** The request body, kept only as the group's capture mode says (never logged). */
  readonly content?: string;
}

/** Where the trail reports a record it could not write (name and ids only, never content). */
export interface AuditFailureLog {
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface AuditTrailOptions {
  readonly dynamo: DynamoDBDocumentClient;
  /** Made on first use in the functions (aws-sdk.ts). */
  readonly s3: ClientSource<S3Client>;
  readonly tableName: string;
  readonly bucketName: string;
  readonly policy: AuditPolicy;
  readonly capture: ContentCapture;
  readonly log: AuditFailureLog;
  /** Picks a chain shard (tests pin it). @default a random one of `policy.chainShards` */
  readonly shard?: () => number;
}

/**
 * Attempts at moving a chain's head before giving up. Each lost race waits a random time up to
 * a bound that doubles per attempt, capped at 100 ms ("full jitter"), so a burst of writers on
 * one chain spreads out instead of colliding again; more shards (settings) mean fewer races.
 */
const HEAD_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 100;

/** The DynamoDB errors that mean another writer moved the head first. */
const isRace = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'TransactionCanceledException' ||
    error.name === 'ConditionalCheckFailedException' ||
    error.name === 'TransactionConflictException');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sink every audited function writes to. */
export interface AuditSink {
  /** Writes the record; never throws (a failure is logged and counted). */
  record(event: AuditEvent): Promise<void>;
  /**
   * Starts loading what writing a record needs (aws-sdk.ts), without waiting: the processors
   * call it as the model call begins, so the first record does not load it after the answer.
   */
  prepare?(): void;
}

export class AuditTrail implements AuditSink {
  readonly #options: AuditTrailOptions;

  constructor(options: AuditTrailOptions) {
    this.#options = options;
  }

  prepare(): void {
    // A failure here is the record's to report: record() awaits the same promises.
    Promise.all([clientOf(this.#options.s3), s3Sdk()]).catch(() => undefined);
    this.#options.capture.prepare();
  }

  async record(event: AuditEvent): Promise<void> {
    try {
      await this.append(event);
    } catch (error) {
      this.#options.log.error('audit record failed', {
        requestId: event.requestId,
        errorName: (error as Error).name,
      });
    }
  }

  /** Builds, links and stores the record; returns its link. Throws when it cannot. */
  async append(event: AuditEvent): Promise<AuditLink> {
    const { policy, capture } = this.#options;
    const { at, groups, content, group: known, ...facts } = event;
    const group = known ?? groups[0];
    const kind: AuditKind = facts.kind;
    const retentionDays = retentionFor(policy, kind, group);
    const captured = await capture.capture(captureFor(policy, group), content, event.requestId);
    const record: AuditRecord = {
      v: 1,
      ...facts,
      at: at.toISOString(),
      ...(group !== undefined ? { group } : {}),
      retentionDays,
      ...(captured ? { content: captured } : {}),
    };
    const shard = this.#options.shard?.() ?? randomInt(policy.chainShards);
    const link = await this.#link(chainId(dayOf(record.at), retentionDays, shard), record);
    const [s3, { PutObjectCommand }] = await Promise.all([clientOf(this.#options.s3), s3Sdk()]);
    await s3.send(
      new PutObjectCommand({
        Bucket: this.#options.bucketName,
        Key: linkKey(link.chain, link.seq),
        Body: JSON.stringify(link),
        ContentType: 'application/json',
        // Object Lock buckets refuse uploads without an integrity checksum ("Configuring S3
        // Object Lock", docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html).
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    return link;
  }

  /** Moves the chain's head one place on and writes the record's index item with it. */
  async #link(chain: string, record: AuditRecord): Promise<AuditLink> {
    const { dynamo, tableName } = this.#options;
    const pk = dayPartition(dayOf(record.at));
    const expiresAt = expiryOf(record);
    for (let attempt = 1; ; attempt++) {
      const { Item: head } = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk, sk: headSortKey(chain) },
          ConsistentRead: true,
        }),
      );
      const prevSeq = typeof head?.['seq'] === 'number' ? head['seq'] : 0;
      const prevHash = typeof head?.['hash'] === 'string' ? head['hash'] : genesisHash(chain);
      const link = linkRecord(chain, prevSeq + 1, prevHash, record);
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: headSortKey(chain), seq: link.seq, hash: link.hash, expiresAt },
                  ConditionExpression:
                    prevSeq === 0 ? 'attribute_not_exists(#seq)' : '#seq = :prevSeq',
                  ExpressionAttributeNames: { '#seq': 'seq' },
                  ...(prevSeq === 0 ? {} : { ExpressionAttributeValues: { ':prevSeq': prevSeq } }),
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    pk,
                    sk: recordSortKey(record.at, chain, link.seq),
                    ...metadataOf(record),
                    chain,
                    seq: link.seq,
                    hash: link.hash,
                    [AUDIT_TABLE.ttlAttribute]: expiresAt,
                  },
                },
              },
            ],
          }),
        );
        return link;
      } catch (error) {
        if (!isRace(error) || attempt >= HEAD_ATTEMPTS) throw error;
        await sleep(randomInt(0, Math.min(MAX_BACKOFF_MS, 2 ** attempt) + 1));
      }
    }
  }
}

/** The record without its content: what the index (and the admin page) may hold. */
export function metadataOf(record: AuditRecord): Record<string, unknown> {
  const { content, ...metadata } = record;
  return { ...metadata, ...(content ? { contentCaptured: content.mode } : {}) };
}

/**
 * When a record may go: `retentionDays` after the end of its day, so a chain (one day) expires
 * whole. DynamoDB TTL takes epoch seconds ("Using time to live (TTL) in DynamoDB",
 * docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
 */
export function expiryOf(record: Pick<AuditRecord, 'at' | 'retentionDays'>): number {
  const dayEnd = Date.parse(`${dayOf(record.at)}T00:00:00.000Z`) + 86_400_000;
  return Math.floor(dayEnd / 1000) + record.retentionDays * 86_400;
}
