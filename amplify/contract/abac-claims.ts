/**
 * Claims the group-mapping trigger copies from the user's attributes into the access token, and
 * the authorizer passes on to the processors for the model catalog's claim rules (ABAC).
 * Key: claim name in the token and in the catalog's `claims` rules. Value: the user attribute.
 */
export const ABAC_CLAIMS = {
  department: 'custom:department',
  /** Read by the usage ledger: the cost centre whose budget a call is also charged to. */
  costCentre: 'custom:cost_centre',
} as const;
