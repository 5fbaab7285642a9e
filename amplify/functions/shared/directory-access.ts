/**
 * The small read API an access decision uses: a user's current directory entry, as SCIM last
 * provisioned it. The authorizer is to call this (cached at most 60 s) when SCIM is configured;
 * it is not wired there yet (docs/entra-id.md, "What is not built yet").
 */
import { ENTRA_PROVIDER_NAME } from '../../auth/group-mapping/entra-claims.ts';
import type { GroupMappingSource } from '../../auth/group-mapping/mapping-source.ts';
import type { GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { type Group, isGroup } from '../../contract/groups.ts';
import type { DirectoryStore } from './directory-store.ts';

/** A user's access as the directory has it now. */
export interface CurrentAccess {
  /** The directory holds the user (provisioned and not deleted). */
  readonly provisioned: boolean;
  /** Provisioned and `active`: false for a deactivated (soft-deleted) or unknown user. */
  readonly active: boolean;
  /** The app's groups the user's directory groups map to (sorted, no duplicates). */
  readonly groups: readonly Group[];
  /** How many directory groups the user is in (any number; mapped or not). */
  readonly directoryGroupCount: number;
}

const NO_ACCESS: CurrentAccess = {
  provisioned: false,
  active: false,
  groups: [],
  directoryGroupCount: 0,
};

/**
 * The SCIM userName behind a Cognito username: a user federated through the Entra SAML
 * provider is `EntraID_<NameID>`, and the NameID is the user principal name Entra also sends
 * as `userName` (the default attribute mappings of both).
 */
export function directoryUserName(cognitoUsername: string): string {
  const prefix = `${ENTRA_PROVIDER_NAME}_`;
  return cognitoUsername.toLowerCase().startsWith(prefix.toLowerCase())
    ? cognitoUsername.slice(prefix.length)
    : cognitoUsername;
}

/**
 * `currentAccess(username)`: whether the user is active in the directory and which of the
 * app's groups their directory groups map to, through the one group-mapping table
 * (amplify/auth/group-mapping/mapping-table.ts): a group's externalId (Entra's object id) in
 * `groupObjectIds`, or its display name in `groupDisplayNames`. A deactivated user keeps no
 * group. Values that map to nothing grant nothing. `mapping` is the table, or a source of it:
 * the stored one, cached briefly (`mappingSourceFromEnv`, auth/group-mapping/mapping-source.ts).
 */
export async function currentAccess(
  store: DirectoryStore,
  cognitoUsername: string,
  mapping: GroupMappingTable | GroupMappingSource,
): Promise<CurrentAccess> {
  const user = await store.findUserByUserName(directoryUserName(cognitoUsername));
  if (!user) return NO_ACCESS;
  const groupIds = await store.groupIdsOf(user.id);
  if (!user.active)
    return { provisioned: true, active: false, groups: [], directoryGroupCount: groupIds.length };
  const groups = new Set<Group>();
  const table = typeof mapping === 'function' ? await mapping() : mapping;
  for (const group of await store.getGroups(groupIds)) {
    const byId = lookup(table.groupObjectIds, group.externalId);
    const byName = lookup(table.groupDisplayNames ?? {}, group.displayName);
    for (const mapped of [byId, byName]) if (isGroup(mapped)) groups.add(mapped);
  }
  return {
    provisioned: true,
    active: true,
    groups: [...groups].sort(),
    directoryGroupCount: groupIds.length,
  };
}

/** An own property of the table (never a prototype's, whatever the key). */
function lookup(
  table: Readonly<Record<string, Group>>,
  key: string | undefined,
): Group | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
