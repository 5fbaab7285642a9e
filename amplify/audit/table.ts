/**
 * The audit table: one definition read by the CDK construct (audit-store.ts) and local mode.
 * Items of one UTC day share a partition (`pk = DAY#<yyyy-mm-dd>`):
 * - `sk = HEAD#<chain>`: where the chain ends (`seq`, `hash`); writers move it with a condition
 *   on the `seq` they read, so concurrent writers never fork a chain;
 * - `sk = REC#<iso time>#<chain>#<seq>`: a record's metadata (no content) and its link hash,
 *   what the admin page lists.
 * Both carry `expiresAt` (epoch seconds, DynamoDB TTL); reads skip expired items, since TTL
 * deletes them only within a few days.
 */
export const AUDIT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
} as const;

export const dayPartition = (day: string): string => `DAY#${day}`;
export const headSortKey = (chain: string): string => `HEAD#${chain}`;
export const recordSortKey = (at: string, chain: string, seq: number): string =>
  `REC#${at}#${chain}#${String(seq).padStart(10, '0')}`;
export const HEAD_PREFIX = 'HEAD#';
export const RECORD_PREFIX = 'REC#';

/** A record's id for the API: its index sort key, base64url (opaque to callers). */
export const recordIdOf = (sortKey: string): string =>
  Buffer.from(sortKey, 'utf8').toString('base64url');

/** Where a record id points: its index item and its link; undefined for anything else. */
export function parseRecordId(
  recordId: string,
): { pk: string; sk: string; chain: string; seq: number } | undefined {
  if (!/^[\w-]{1,400}$/.test(recordId)) return undefined;
  const sk = Buffer.from(recordId, 'base64url').toString('utf8');
  const match =
    /^REC#(\d{4}-\d{2}-\d{2})T[\d:.]{8,12}Z#(\d{4}-\d{2}-\d{2}\/r\d{1,5}\/s\d{1,3})#(\d{10})$/.exec(
      sk,
    );
  if (!match || !match[2]!.startsWith(match[1]!)) return undefined;
  return { pk: dayPartition(match[1]!), sk, chain: match[2]!, seq: Number(match[3]) };
}

/**
 * The record owner's notices of content reads: `pk = READS#<sub>`, `sk = <iso time>#<request
 * id>` (newest last), kept as long as the read's own audit record (`expiresAt`).
 */
export const readsPartition = (sub: string): string => `READS#${sub}`;
export const readSortKey = (at: string, requestId: string): string => `${at}#${requestId}`;

/** KMS encryption context of every audit data key (must match on Decrypt; logged by CloudTrail). */
export const AUDIT_ENCRYPTION_CONTEXT = { purpose: 'ml-gateway-audit' } as const;

/** Environment variables of the audit writer and reader. */
export const AUDIT_ENV = {
  table: 'AUDIT_TABLE_NAME',
  bucket: 'AUDIT_BUCKET_NAME',
  keyId: 'AUDIT_KEY_ID',
  policy: 'AUDIT_POLICY',
  s3Endpoint: 'AUDIT_S3_ENDPOINT',
  kmsEndpoint: 'AUDIT_KMS_ENDPOINT',
} as const;
