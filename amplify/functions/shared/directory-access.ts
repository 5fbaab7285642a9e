/**
 * The small read API an access decision uses: a user's current directory entry, as SCIM last
 * provisioned it. The authorizer and the functions call it (cached at most 60 s,
 * cached-directory-access.ts) when decisions follow the directory (docs/entra-id.md).
 */
import { ENTRA_PROVIDER_NAME } from '../../auth/group-mapping/entra-claims.ts';
import type { GroupMappingSource } from '../../auth/group-mapping/mapping-source.ts';
import type { GroupMappingTable, MappedClaims } from '../../auth/group-mapping/mapping-table.ts';
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
  /**
   * Claims (department, cost centre) the mapping rows of the user's groups set: for each claim,
   * the first row that sets it, groups in object-id order, a group's object-id row before its
   * display-name row. Claims the caller's token carries come first (`withDirectoryAccess`).
   */
  readonly claims: MappedClaims;
}

const NO_ACCESS: CurrentAccess = {
  provisioned: false,
  active: false,
  groups: [],
  directoryGroupCount: 0,
  claims: {},
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
    return {
      provisioned: true,
      active: false,
      groups: [],
      directoryGroupCount: groupIds.length,
      claims: {},
    };
  const groups = new Set<Group>();
  const claims: Partial<Record<keyof MappedClaims, string>> = {};
  const table = typeof mapping === 'function' ? await mapping() : mapping;
  const directoryGroups = (await store.getGroups(groupIds)).sort((a, b) =>
    (a.externalId ?? a.id).localeCompare(b.externalId ?? b.id),
  );
  for (const group of directoryGroups) {
    const byId = lookup(table.groupObjectIds, group.externalId);
    const byName = lookup(table.groupDisplayNames ?? {}, group.displayName);
    for (const mapped of [byId, byName]) if (isGroup(mapped)) groups.add(mapped);
    for (const rowClaims of [
      lookup(table.claims?.groupObjectIds ?? {}, group.externalId),
      lookup(table.claims?.groupDisplayNames ?? {}, group.displayName),
    ])
      for (const [claim, value] of Object.entries(rowClaims ?? {}))
        claims[claim as keyof MappedClaims] ??= value;
  }
  return {
    provisioned: true,
    active: true,
    groups: [...groups].sort(),
    directoryGroupCount: groupIds.length,
    claims,
  };
}

/**
 * A caller as the directory has them now: its groups, and the claims its token lacks taken
 * from the directory's mapping rows (a SAML attribute wins over a row, as at sign-in).
 */
export function withDirectoryAccess<
  C extends { groups: readonly string[]; claims: Readonly<Record<string, string>> },
>(caller: C, access: CurrentAccess): C {
  return { ...caller, groups: access.groups, claims: { ...access.claims, ...caller.claims } };
}

/** An own property of the table (never a prototype's, whatever the key). */
function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
