import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { kmsSdk, madeOnce, s3Sdk } from './aws-sdk.ts';
import { ContentCapture } from './capture.ts';
import { parseAuditPolicy } from './policy.ts';
import { AUDIT_ENV } from './table.ts';
import { type AuditFailureLog, AuditTrail } from './trail.ts';

/**
 * The audit trail configured from the environment, or undefined when no audit table is set
 * (nothing is audited then; every deployed function that serves requests has one).
 *
 * | variable | meaning |
 * |---|---|
 * | `AUDIT_TABLE_NAME`, `AUDIT_BUCKET_NAME` | chain heads and index; the record objects |
 * | `AUDIT_POLICY` | retention and capture (JSON, amplify/settings/audit.ts) |
 * | `AUDIT_KEY_ID` | the KMS key of `kms` content capture |
 * | `AUDIT_S3_ENDPOINT`, `AUDIT_KMS_ENDPOINT` | endpoint overrides (local mode); unset in AWS |
 */
export function auditTrailFromEnv(
  log: AuditFailureLog,
  env: NodeJS.ProcessEnv = process.env,
  dynamo?: DynamoDBDocumentClient,
): AuditTrail | undefined {
  const tableName = env[AUDIT_ENV.table];
  const bucketName = env[AUDIT_ENV.bucket];
  const policyJson = env[AUDIT_ENV.policy];
  if (!tableName) return undefined;
  if (!bucketName || !policyJson)
    throw new Error(`${AUDIT_ENV.table} needs ${AUDIT_ENV.bucket} and ${AUDIT_ENV.policy}`);
  const policy = parseAuditPolicy(policyJson);
  const keyId = env[AUDIT_ENV.keyId];
  const { s3Client, kmsClient } = auditClientFactories(env);
  return new AuditTrail({
    dynamo:
      dynamo ??
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      }),
    s3: s3Client,
    tableName,
    bucketName,
    policy,
    capture: new ContentCapture({
      ...(keyId
        ? {
            keyId,
            kms: kmsClient,
          }
        : {}),
      dataKeyReuseMs: policy.dataKeyReuseSeconds * 1000,
    }),
    log,
  });
}

/**
 * How the audit's S3 and KMS clients are made from the environment (endpoints in local mode):
 * each on first use, then shared (aws-sdk.ts).
 */
export function auditClientFactories(env: NodeJS.ProcessEnv) {
  const s3Endpoint = env[AUDIT_ENV.s3Endpoint];
  const kmsEndpoint = env[AUDIT_ENV.kmsEndpoint];
  // Region and credentials of the given environment (Lambda's, or local mode's dummy ones).
  const {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
  } = env;
  const common = {
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey && (s3Endpoint || kmsEndpoint)
      ? { credentials: { accessKeyId, secretAccessKey } }
      : {}),
  };
  return {
    s3Client: madeOnce(
      async () =>
        new (await s3Sdk()).S3Client({
          ...common,
          ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
        }),
    ),
    kmsClient: madeOnce(
      async () =>
        new (await kmsSdk()).KMSClient({
          ...common,
          ...(kmsEndpoint ? { endpoint: kmsEndpoint } : {}),
        }),
    ),
  };
}
