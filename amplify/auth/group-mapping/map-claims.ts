import { ABAC_CLAIMS } from '../../contract/abac-claims.ts';
import type { MappingClaim } from '../../contract/group-mapping.ts';
import { GROUPS } from '../../contract/groups.ts';
import { ENTRA_ATTRIBUTES, ENTRA_PROVIDER_NAME } from './entra-claims.ts';
import { COGNITO_ATTRIBUTE_MAX_CHARS } from './group-claims-metric.ts';
import type { GroupMappingTable, MappedClaims } from './mapping-table.ts';

/** What the trigger puts into the tokens. */
export interface MappedIdentity {
  /** Cognito groups for `cognito:groups` (the user's own plus those mapped from Entra). */
  readonly groups: string[];
  /** ABAC claims for the access token, e.g. `{ department: 'finance' }`. */
  readonly claims: Record<string, string>;
  /** Entra sent a group-overage link instead of the groups: group ids could not be mapped. */
  readonly groupOverage: boolean;
  /**
   * The groups or roles attribute reached Cognito's length limit (or ends mid-list): the list
   * was cut, so the groups past the cut could not be mapped.
   */
  readonly groupsTruncated: boolean;
  /** Entra values that matched no row of the table (logged, never granted). */
  readonly unmapped: string[];
}

/**
 * Reads a multi-valued SAML attribute as Cognito stores it: `[a, b, c]`; also accepts a JSON
 * array or a plain comma-separated list.
 */
export function parseMultiValue(value: string | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((item) => typeof item === 'string');
    } catch {
      // Not JSON: Cognito's `[a, b]` form, split below.
    }
  }
  return trimmed
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * A multi-valued attribute that was cut: as long as a custom attribute can be, or a `[...]`
 * list whose closing bracket is missing.
 */
function looksTruncated(value: string | undefined): boolean {
  if (!value) return false;
  const trimmed = value.trim();
  return (
    value.length >= COGNITO_ATTRIBUTE_MAX_CHARS ||
    (trimmed.startsWith('[') && !trimmed.endsWith(']'))
  );
}

/** True when the user signed in through the Entra ID SAML provider (Cognito sets `identities`). */
function isEntraFederated(userAttributes: Readonly<Record<string, string>>): boolean {
  try {
    const identities: unknown = JSON.parse(userAttributes['identities'] ?? '[]');
    return (
      Array.isArray(identities) &&
      identities.some(
        (identity: { providerName?: unknown }) => identity?.providerName === ENTRA_PROVIDER_NAME,
      )
    );
  } catch {
    return false;
  }
}

const KNOWN_GROUPS = new Set<string>(GROUPS);

/**
 * Maps a user's Entra claims to Cognito groups and ABAC claims through the table.
 *
 * Only federated Entra users are mapped: a native user could write custom attributes
 * themselves, so theirs are ignored and they keep only the groups an administrator gave them.
 * Unknown values and groups outside the allow-list grant nothing.
 */
export function mapEntraIdentity(
  userAttributes: Readonly<Record<string, string>>,
  cognitoGroups: readonly string[],
  table: GroupMappingTable,
): MappedIdentity {
  const groups = new Set(cognitoGroups.filter((group) => KNOWN_GROUPS.has(group)));
  const claims: Record<string, string> = {};
  const unmapped: string[] = [];
  if (!isEntraFederated(userAttributes)) {
    return {
      groups: [...groups].sort(),
      claims,
      groupOverage: false,
      groupsTruncated: false,
      unmapped,
    };
  }
  const lookups: [
    string[],
    Readonly<Record<string, string>>,
    Readonly<Record<string, MappedClaims>>,
  ][] = [
    [
      parseMultiValue(userAttributes[ENTRA_ATTRIBUTES.roles]),
      table.appRoles,
      table.claims?.appRoles ?? {},
    ],
    [
      parseMultiValue(userAttributes[ENTRA_ATTRIBUTES.groups]).map((id) => id.toLowerCase()),
      table.groupObjectIds,
      table.claims?.groupObjectIds ?? {},
    ],
  ];
  const rowClaims: MappedClaims[] = [];
  for (const [values, rows, claimRows] of lookups) {
    for (const value of values) {
      const group = Object.hasOwn(rows, value) ? rows[value] : undefined;
      if (group && KNOWN_GROUPS.has(group)) {
        groups.add(group);
        if (Object.hasOwn(claimRows, value)) rowClaims.push(claimRows[value]!);
      } else unmapped.push(value);
    }
  }
  for (const [claim, attribute] of Object.entries(ABAC_CLAIMS)) {
    // The user's own SAML attribute first; else the first matching row that sets the claim.
    const value =
      userAttributes[attribute]?.trim() ||
      rowClaims.find((row) => row[claim as MappingClaim])?.[claim as MappingClaim];
    if (value) claims[claim] = value;
  }
  return {
    groups: [...groups].sort(),
    claims,
    groupOverage: Boolean(userAttributes[ENTRA_ATTRIBUTES.groupsLink]),
    groupsTruncated: [ENTRA_ATTRIBUTES.groups, ENTRA_ATTRIBUTES.roles].some((attribute) =>
      looksTruncated(userAttributes[attribute]),
    ),
    unmapped,
  };
}
