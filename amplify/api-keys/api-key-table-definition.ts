/**
 * The API key table's keys and index: one definition read by the CDK construct
 * (`api-key-resources.ts`), the key store and local mode (`local/usage/dynamo.ts`).
 *
 * Its own table, not items in the usage table: the authorizer may then read and touch keys and
 * nothing else (IAM on this table's ARN only), and keys have their own retention.
 *
 * Items: `keyId` (the public part of the key), `ownerSub`, `ownerUsername`, `name`, `models`,
 * `createdAt`, `expiresAt` (ISO), `secretHmac` (HMAC-SHA256 of the whole key, hex), `claims` (the
 * owner's ABAC claims at creation), `budget?`, `lastUsedAt?`, `revokedAt?`, `revokedBy?`, and
 * `deleteAfter` (epoch seconds) for DynamoDB TTL.
 */
export const API_KEY_TABLE = {
  partitionKey: 'keyId',
  /** A user's keys, newest first. */
  byOwnerIndex: { name: 'byOwner', partitionKey: 'ownerSub', sortKey: 'createdAt' },
  ttlAttribute: 'deleteAfter',
} as const;

/** Days an expired or revoked key stays listed (with its status) before DynamoDB TTL deletes it. */
export const EXPIRED_KEY_KEPT_DAYS = 30;

/** Environment variables the functions read the key table and the HMAC secret from. */
export const API_KEY_ENV = {
  table: 'API_KEY_TABLE_NAME',
  /** ARN of the Secrets Manager secret whose string is the HMAC key (AWS). */
  secretArn: 'API_KEY_SECRET_ARN',
  /** The HMAC key itself (local mode only, generated at each start). */
  localSecret: 'API_KEY_HMAC_SECRET',
} as const;
