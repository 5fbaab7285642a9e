/**
 * Keys and indexes of the directory table (users, groups and memberships provisioned over
 * SCIM): one definition read by the CDK construct (`directory-resources.ts`), the functions'
 * store and local mode, so all three use the same table.
 *
 * Items (`pk`, `sk`):
 * - a user: `USER#<id>`, `USER`; a group: `GROUP#<id>`, `GROUP`. Both carry `kind` and
 *   `sortKey` (the lower-cased userName, or `<lower-cased displayName>#<id>`), so the `byKind`
 *   index lists them in name order and finds groups by display name;
 * - a membership: `GROUP#<group id>`, `MEMBER#<user id>`, with `memberId = <user id>`: one item
 *   per membership, never a list in one item, so a group may have any number of members (its
 *   own partition) and the `byMember` index lists a user's groups (any number);
 * - a uniqueness claim: `USERNAME#<lower-cased userName>`, `USER_EXTERNAL_ID#<externalId>` or
 *   `GROUP_EXTERNAL_ID#<externalId>`, with sk `UNIQUE` and `ownerId`, written in the same
 *   transaction as the resource, so two users can never hold one userName.
 */
export const DIRECTORY_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byMemberIndex: { name: 'byMember', partitionKey: 'memberId', sortKey: 'pk' },
  byKindIndex: { name: 'byKind', partitionKey: 'kind', sortKey: 'sortKey' },
} as const;

/** Environment variable the functions read the directory table's name from. */
export const DIRECTORY_TABLE_ENV = 'DIRECTORY_TABLE_NAME';
