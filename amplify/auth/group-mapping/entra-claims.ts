/**
 * The SAML attributes Entra ID sends and the user-pool attributes they are mapped to. The SAML
 * provider's attribute mapping (auth/resource.ts) and the group-mapping trigger both read this.
 */
export const ENTRA_SAML_CLAIMS = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  familyName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  /** App-role values assigned to the user in the enterprise application (recommended). */
  roles: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  /** Group object ids (only when the application emits a groups claim). */
  groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  /** Sent INSTEAD of `groups` when the user is in more than 150 groups (group overage). */
  groupsLink: 'http://schemas.microsoft.com/claims/groups.link',
  /** A custom claim added in the enterprise application for the catalog's ABAC rules. */
  department: 'department',
  /** A custom claim with the user's cost centre: budgets may limit each cost centre's spend. */
  costCentre: 'costcentre',
} as const;

/** Custom user-pool attributes that hold the mapped Entra claims (2048 characters each). */
export const ENTRA_ATTRIBUTES = {
  roles: 'custom:entra_roles',
  groups: 'custom:entra_groups',
  groupsLink: 'custom:entra_groups_link',
  department: 'custom:department',
  costCentre: 'custom:cost_centre',
} as const;

/** Name of the SAML identity provider in the user pool (the app signs in with it). */
export const ENTRA_PROVIDER_NAME = 'EntraID';
