/**
 * Administrators' content reads from the environment. Apart from from-env.ts: reading records
 * needs their schemas (record.ts), which the functions that only write records do not load.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { ContentReads } from './content-reads.ts';
import { auditClientFactories } from './from-env.ts';
import { AUDIT_ENV } from './table.ts';
import type { AuditTrail } from './trail.ts';

/**
 * Administrators' content reads over the same table, bucket and key as `trail`, or undefined
 * when the environment names no bucket or key (nothing is captured encrypted then). Only the
 * usage API builds it; only its role may decrypt with the audit key (audit-store.ts).
 */
export function contentReadsFromEnv(
  trail: AuditTrail,
  dynamo: DynamoDBDocumentClient,
  env: NodeJS.ProcessEnv = process.env,
  now?: () => Date,
): ContentReads | undefined {
  const tableName = env[AUDIT_ENV.table];
  const bucketName = env[AUDIT_ENV.bucket];
  if (!tableName || !bucketName || !env[AUDIT_ENV.keyId]) return undefined;
  const { s3Client, kmsClient } = auditClientFactories(env);
  return new ContentReads({
    dynamo,
    s3: s3Client,
    kms: kmsClient,
    tableName,
    bucketName,
    trail,
    ...(now ? { now } : {}),
  });
}
