import type { MappingClaim } from '../../contract/group-mapping.ts';
import type { Group } from '../../contract/groups.ts';

/** Claims a row adds to the access token besides its group (department, cost centre). */
export type MappedClaims = Readonly<Partial<Record<MappingClaim, string>>>;

/**
 * The group-mapping table: which Entra ID value grants which Cognito group. Administrators edit
 * it in the app (stored in DynamoDB, amplify/auth/group-mapping/group-mapping-store.ts); this
 * file's `GROUP_MAPPING` is the default until the first edit. See docs/entra-id.md. Values that
 * are not listed grant nothing.
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
  /**
   * Claims the rows add, by the row's table and value: a claim the SAML assertion does not carry
   * is taken from the first matching row (in table order) that sets it.
   */
  readonly claims?: {
    readonly appRoles?: Readonly<Record<string, MappedClaims>>;
    readonly groupObjectIds?: Readonly<Record<string, MappedClaims>>;
    readonly groupDisplayNames?: Readonly<Record<string, MappedClaims>>;
  };
}

/**
 * The default table: what the trigger and the directory use until an administrator stores one
 * (and what the store is seeded with). App-role values are defined in the app registration.
 */
export const GROUP_MAPPING: GroupMappingTable = {
  appRoles: {
    'MLGateway.Administrators': 'Administrators',
    'MLGateway.Users': 'MLUsers',
    'MLGateway.ReadOnly': 'ReadOnly',
  },
  groupObjectIds: {},
  groupDisplayNames: {},
};
