/**
 * The group-mapping table: one item, the whole mapping with its version, so a reader needs one
 * GetItem and an edit one conditional PutItem. Read by the CDK construct
 * (group-mapping-resources.ts), the store and local mode.
 *
 * Item: `pk = GROUP_MAPPING` with `version` (1 and up), `entries` (a list of maps),
 * `updatedAt`, `updatedBy`. No item: the committed default applies (version 0).
 */
export const GROUP_MAPPING_TABLE = {
  partitionKey: 'pk',
  /** The one item's key. */
  itemKey: 'GROUP_MAPPING',
} as const;

/** Environment variables of the functions that read or edit the mapping. */
export const GROUP_MAPPING_ENV = {
  /** The table's name; unset, the committed default applies (unit tests, no table). */
  table: 'GROUP_MAPPING_TABLE_NAME',
  /** Seconds a reader keeps the mapping it read (the `cacheSeconds` setting). */
  cacheSeconds: 'GROUP_MAPPING_CACHE_SECONDS',
} as const;

/** The longest a reader may keep the stored mapping: an edit applies within 60 s (issue 16). */
export const MAX_MAPPING_CACHE_SECONDS = 60;
