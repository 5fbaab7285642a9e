/**
 * Keys and indexes of the usage and conversation tables: one definition read by the CDK
 * construct (`usage-tables.ts`) and by local mode (`local/usage/dynamo.ts`), so both create
 * the same tables.
 */

/** Attribute that holds the expiry time (epoch seconds) DynamoDB TTL deletes items by. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Usage table. Items:
 * - counters: `pk = USER#<sub>`, `sk = DAY#<yyyy-mm-dd>` or `MONTH#<yyyy-mm>` (tokens, requests);
 * - records: `pk = USER#<sub>`, `sk = REC#<iso time>#<request id>`, one per model call, with
 *   `day = <yyyy-mm-dd>` so the sparse `byDay` index lists a day's records for the admin report.
 */
export const USAGE_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byDayIndex: { name: 'byDay', partitionKey: 'day', sortKey: 'sk' },
} as const;

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
