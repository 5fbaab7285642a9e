/**
 * Keys and indexes of the usage and conversation tables: one definition read by the CDK
 * construct (`usage-tables.ts`) and by local mode (`local/usage/dynamo.ts`), so both create
 * the same tables.
 */

/** Attribute that holds the expiry time (epoch seconds) DynamoDB TTL deletes items by. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Usage table. Items:
 * - counters: `pk = USER#<sub>`, `GROUP#<group>` or `COSTCENTRE#<name>`, `sk = DAY#<yyyy-mm-dd>`
 *   or `MONTH#<yyyy-mm>` (tokens, nanoUsd, requests, unpricedRequests; holds included);
 * - records: `pk = USER#<sub>`, `sk = REC#<iso time>#<request id>`, one per model call, with
 *   `day = <yyyy-mm-dd>` so the sparse `byDay` index lists a day's records for the admin report;
 * - holds: `pk = USER#<sub>`, `sk = HOLD#<reservation id>`, one per call in flight, with
 *   `holdShard` and `holdExpiresAt` so the sparse `byHoldExpiry` index lists expired holds for
 *   the sweeper (a few shards spread the index's writes over several partitions).
 */
export const USAGE_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byDayIndex: { name: 'byDay', partitionKey: 'day', sortKey: 'sk' },
  byHoldExpiryIndex: { name: 'byHoldExpiry', partitionKey: 'holdShard', sortKey: 'holdExpiresAt' },
} as const;

/** Number of `holdShard` values (`HOLD#0` … `HOLD#15`) the sweeper queries one by one. */
export const HOLD_SHARDS = 16;

/**
 * Conversation table: `owner = <sub>`, `conversationId`. Every read and write names the owner
 * in the key, so a caller can only ever address their own items. `byUpdated` (local index)
 * lists a user's conversations newest first.
 */
export const CONVERSATIONS_TABLE = {
  partitionKey: 'owner',
  sortKey: 'conversationId',
  byUpdatedIndex: { name: 'byUpdated', sortKey: 'updatedAt' },
} as const;

/** Environment variables the functions read the table names from. */
export const TABLE_ENV = {
  usage: 'USAGE_TABLE_NAME',
  conversations: 'CONVERSATIONS_TABLE_NAME',
} as const;
