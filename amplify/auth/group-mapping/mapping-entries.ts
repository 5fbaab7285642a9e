/**
 * The two forms of the group mapping: the list of entries administrators edit (and the store
 * keeps), and the lookup table the trigger and the directory read.
 */
import {
  type GroupMappingChange,
  type GroupMappingEntry,
  MAPPING_CLAIMS,
  MAPPING_SOURCES,
  type MappingClaim,
  mappingEntryKey,
  type MappingSource,
} from '../../contract/group-mapping.ts';
import type { Group } from '../../contract/groups.ts';
import type { GroupMappingTable, MappedClaims } from './mapping-table.ts';

/** The table field each source is looked up in. */
const TABLE_FIELD = {
  appRole: 'appRoles',
  groupObjectId: 'groupObjectIds',
  groupDisplayName: 'groupDisplayNames',
} as const satisfies Record<MappingSource, keyof GroupMappingTable>;
type TableField = (typeof TABLE_FIELD)[MappingSource];

/** An entry's stored form: object ids lower-case (as Entra sends them), claims without blanks. */
export function normalizeEntry(entry: GroupMappingEntry): GroupMappingEntry {
  return {
    source: entry.source,
    value: entry.source === 'groupObjectId' ? entry.value.toLowerCase() : entry.value,
    group: entry.group,
    ...(entry.department ? { department: entry.department } : {}),
    ...(entry.costCentre ? { costCentre: entry.costCentre } : {}),
  };
}

/** The entries of a lookup table (the committed default, as the store is seeded with it). */
export function entriesOfTable(table: GroupMappingTable): GroupMappingEntry[] {
  const entries: GroupMappingEntry[] = [];
  for (const source of MAPPING_SOURCES) {
    const field = TABLE_FIELD[source];
    const claims = table.claims?.[field] ?? {};
    for (const [value, group] of Object.entries(table[field] ?? {}))
      entries.push(
        normalizeEntry({
          source,
          value,
          group,
          ...(Object.hasOwn(claims, value) ? claims[value] : {}),
        }),
      );
  }
  return entries;
}

/** The lookup table of a list of entries; a claim's first setter (in list order) keeps it. */
export function tableOfEntries(entries: readonly GroupMappingEntry[]): GroupMappingTable {
  const rows: Record<TableField, Record<string, Group>> = {
    appRoles: {},
    groupObjectIds: {},
    groupDisplayNames: {},
  };
  const claims: Record<TableField, Record<string, MappedClaims>> = {
    appRoles: {},
    groupObjectIds: {},
    groupDisplayNames: {},
  };
  for (const entry of entries.map(normalizeEntry)) {
    const field = TABLE_FIELD[entry.source];
    if (Object.hasOwn(rows[field], entry.value)) continue;
    rows[field][entry.value] = entry.group;
    const entryClaims = claimsOf(entry);
    if (Object.keys(entryClaims).length > 0) claims[field][entry.value] = entryClaims;
  }
  return { ...rows, claims };
}

function claimsOf(entry: GroupMappingEntry): MappedClaims {
  const claims: Partial<Record<MappingClaim, string>> = {};
  for (const claim of MAPPING_CLAIMS) if (entry[claim]) claims[claim] = entry[claim];
  return claims;
}

/** How the audit record shows an entry: its group and claims, e.g. `MLUsers department=research`. */
function describeEntry(entry: GroupMappingEntry): string {
  return [
    entry.group,
    ...MAPPING_CLAIMS.filter((claim) => entry[claim]).map((claim) => `${claim}=${entry[claim]}`),
  ].join(' ');
}

/** What an edit added, changed and removed, entry by entry (in the new list's order, removals last). */
export function mappingChanges(
  before: readonly GroupMappingEntry[],
  after: readonly GroupMappingEntry[],
): GroupMappingChange[] {
  const keyOf = mappingEntryKey;
  const old = new Map(before.map((entry) => [keyOf(entry), describeEntry(normalizeEntry(entry))]));
  const changes: GroupMappingChange[] = [];
  const kept = new Set<string>();
  for (const entry of after) {
    const item = keyOf(entry);
    kept.add(item);
    const now = describeEntry(normalizeEntry(entry));
    const was = old.get(item);
    if (was === now) continue;
    changes.push({ item, ...(was !== undefined ? { before: was } : {}), after: now });
  }
  for (const [item, was] of old) if (!kept.has(item)) changes.push({ item, before: was });
  return changes;
}
