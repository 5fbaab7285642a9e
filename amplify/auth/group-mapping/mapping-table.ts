import type { Group } from '../../contract/groups.ts';

/**
 * The group-mapping table: which Entra ID value grants which Cognito group. Edit this file to
 * change who gets what; see docs/entra-id.md. Values that are not listed grant nothing.
 */
export interface GroupMappingTable {
  /**
   * App-role values (the role claim) → Cognito group. Recommended: app roles are assigned per
   * application, are not subject to Entra's group-overage limit and read the same in every tenant.
   */
  readonly appRoles: Readonly<Record<string, Group>>;
  /**
   * Entra group object ids (the groups claim) → Cognito group. Tenant-specific; use only when app
   * roles are not an option, and emit only "groups assigned to the application".
   */
  readonly groupObjectIds: Readonly<Record<string, Group>>;
  /**
   * Entra group display names → Cognito group, read only for groups provisioned over SCIM
   * (amplify/functions/shared/directory-access.ts); the SAML groups claim carries ids, never
   * names. Display names can be renamed and need not be unique: prefer `groupObjectIds`.
   */
  readonly groupDisplayNames?: Readonly<Record<string, Group>>;
}

/** The table the trigger uses. App-role values are defined in the app registration (see docs). */
export const GROUP_MAPPING: GroupMappingTable = {
  appRoles: {
    'MLGateway.Administrators': 'Administrators',
    'MLGateway.Users': 'MLUsers',
    'MLGateway.ReadOnly': 'ReadOnly',
  },
  groupObjectIds: {},
  groupDisplayNames: {},
};
