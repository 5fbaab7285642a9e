/**
 * Where access decisions on the directory read the group-mapping table: the committed table
 * (amplify/auth/group-mapping/mapping-table.ts), or local mode's own in `GROUP_MAPPING_TABLE`
 * (like `MODEL_CATALOG`: set only by local/stack.ts, unset in AWS). The one seam an editable
 * mapping store replaces.
 */
import { GROUP_MAPPING, type GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { isGroup } from '../../contract/groups.ts';

/** The environment variable of local mode's mapping table (JSON of a `GroupMappingTable`). */
export const GROUP_MAPPING_TABLE_ENV = 'GROUP_MAPPING_TABLE';

/** Reads the table a decision uses; called at each directory lookup. */
export type GroupMappingSource = () => GroupMappingTable | Promise<GroupMappingTable>;

/**
 * The mapping source of this environment.
 *
 * @throws Error when `GROUP_MAPPING_TABLE` is not a mapping table of known groups.
 */
export function groupMappingFromEnv(env: NodeJS.ProcessEnv = process.env): GroupMappingSource {
  const text = env[GROUP_MAPPING_TABLE_ENV];
  if (!text) return () => GROUP_MAPPING;
  const table = parseMappingTable(text);
  return () => table;
}

function parseMappingTable(text: string): GroupMappingTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${GROUP_MAPPING_TABLE_ENV} is not JSON`);
  }
  const rows = (name: string, required: boolean): Record<string, never> | undefined => {
    const value = (parsed as Record<string, unknown> | null)?.[name];
    if (value === undefined && !required) return undefined;
    if (
      !value ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      !Object.values(value).every(isGroup)
    )
      throw new Error(`${GROUP_MAPPING_TABLE_ENV}.${name} must map values to known groups`);
    return value as Record<string, never>;
  };
  const displayNames = rows('groupDisplayNames', false);
  return {
    appRoles: rows('appRoles', true)!,
    groupObjectIds: rows('groupObjectIds', true)!,
    ...(displayNames ? { groupDisplayNames: displayNames } : {}),
  };
}
