/**
 * The group-mapping table as the admin routes and the app see it (docs/entra-id.md, "Editing the
 * group mapping"): which Entra ID value grants which of the app's groups, and which claims
 * (department, cost centre) it adds. Types and limits only; the zod schemas are in
 * `group-mapping-bodies.ts` so the app's bundle carries no validator.
 */
import type { Group } from './groups.ts';

/**
 * What an entry matches: an app-role value (the SAML role claim), a group object id (the SAML
 * groups claim, or a SCIM group's externalId) or a group display name (SCIM groups only).
 */
export const MAPPING_SOURCES = ['appRole', 'groupObjectId', 'groupDisplayName'] as const;
export type MappingSource = (typeof MAPPING_SOURCES)[number];

/** Claims an entry may add to the access token, besides its group. */
export const MAPPING_CLAIMS = ['department', 'costCentre'] as const;
export type MappingClaim = (typeof MAPPING_CLAIMS)[number];

/** Most entries the table may hold (one DynamoDB item, far below its 400 KB). */
export const MAX_MAPPING_ENTRIES = 500;
/** Longest app-role value: Entra's limit for an app role's value is 120 characters. */
export const MAX_APP_ROLE_CHARS = 120;
/** Longest group display name: Entra's limit for a group's displayName is 256 characters. */
export const MAX_DISPLAY_NAME_CHARS = 256;
/** Longest claim value (department, cost centre). */
export const MAX_CLAIM_CHARS = 64;

/** The key no two entries share: `<source>:<value>`, object ids compared without case. */
export function mappingEntryKey(entry: {
  readonly source: MappingSource;
  readonly value: string;
}): string {
  return `${entry.source}:${entry.source === 'groupObjectId' ? entry.value.toLowerCase() : entry.value}`;
}

/** One row of the table. */
export interface GroupMappingEntry {
  readonly source: MappingSource;
  /** The role value, object id (stored lower-case, as Entra sends it) or display name it matches. */
  readonly value: string;
  /** The app group it grants. */
  readonly group: Group;
  /** A department claim for the access token when the SAML attribute carries none. */
  readonly department?: string;
  /** A cost-centre claim for the access token when the SAML attribute carries none. */
  readonly costCentre?: string;
}

/** `GET /admin/group-mapping` answer, and the `mapping` of a `PUT`'s answer. */
export interface GroupMappingDocument {
  /**
   * The version to send back with an edit; 0 while nothing is stored and the committed default
   * (`amplify/auth/group-mapping/mapping-table.ts`) applies.
   */
  readonly version: number;
  readonly entries: readonly GroupMappingEntry[];
  /** When and by whom the stored table was last replaced (absent for the default). */
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** Body of `PUT /admin/group-mapping`: the whole table, and the version it was edited from. */
export interface ReplaceGroupMappingBody {
  readonly version: number;
  readonly entries: readonly GroupMappingEntry[];
}

/** One entry an edit added, changed or removed, as the audit record keeps it. */
export interface GroupMappingChange {
  /** `<source>:<value>`. */
  readonly item: string;
  /** The entry before (absent when added), e.g. `MLUsers department=research`. */
  readonly before?: string;
  /** The entry after (absent when removed). */
  readonly after?: string;
}

/** `PUT /admin/group-mapping` answer. */
export interface ReplaceGroupMappingAnswer {
  readonly mapping: GroupMappingDocument;
  readonly changes: readonly GroupMappingChange[];
}

/** `details` of a `MAPPING_VERSION_CONFLICT` (409): the version stored now. */
export interface MappingConflictDetails {
  readonly currentVersion: number;
}
