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

/** Environment variables of the audit writer and reader. */
export const AUDIT_ENV = {
  table: 'AUDIT_TABLE_NAME',
  bucket: 'AUDIT_BUCKET_NAME',
  keyId: 'AUDIT_KEY_ID',
  policy: 'AUDIT_POLICY',
  s3Endpoint: 'AUDIT_S3_ENDPOINT',
  kmsEndpoint: 'AUDIT_KMS_ENDPOINT',
} as const;
