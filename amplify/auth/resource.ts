import { defineAuth } from '@aws-amplify/backend';

import { GROUPS } from '../contract/groups.ts';
import type { EnvironmentSettings } from '../settings/index.ts';
import {
  ENTRA_ATTRIBUTES,
  ENTRA_PROVIDER_NAME,
  ENTRA_SAML_CLAIMS,
} from './group-mapping/entra-claims.ts';
import type { GroupMappingFunction } from './group-mapping/resource.ts';

// Cognito's limit for a custom attribute; a long group list beyond it fails the sign-in.
const MAX_ATTRIBUTE_LENGTH = 2048;
const entraAttribute = { dataType: 'String', mutable: true, maxLen: MAX_ATTRIBUTE_LENGTH } as const;

/**
 * The Cognito user pool: Entra ID federation (SAML provider `EntraID`) for employees, native
 * users only for break-glass administrators (TOTP MFA required, created by an administrator).
 *
 * Without `entraMetadataUrl` (only allowed in a sandbox) no SAML provider is created: the
 * sandbox signs in native users through the same hosted UI and code flow.
 * What defineAuth cannot express (password policy, no self sign-up, token lifetimes, trigger
 * version, hosted-UI domain prefix) is set in `user-pool-overrides.ts`. A function of the
 * settings backend.ts loaded once.
 */
export function defineUserPoolAuth(
  settings: EnvironmentSettings,
  groupMapping: GroupMappingFunction,
) {
  // The app handles the OAuth redirect at its root, for sign-in and sign-out alike.
  const appUrls = settings.allowedOrigins.map((origin) => `${origin}/`);
  return defineAuth({
    loginWith: {
      email: true,
      externalProviders: {
        ...(settings.entraMetadataUrl && {
          saml: {
            name: ENTRA_PROVIDER_NAME,
            metadata: { metadataType: 'URL', metadataContent: settings.entraMetadataUrl },
            attributeMapping: {
              email: ENTRA_SAML_CLAIMS.email,
              givenName: ENTRA_SAML_CLAIMS.givenName,
              familyName: ENTRA_SAML_CLAIMS.familyName,
              custom: {
                [ENTRA_ATTRIBUTES.roles]: ENTRA_SAML_CLAIMS.roles,
                [ENTRA_ATTRIBUTES.groups]: ENTRA_SAML_CLAIMS.groups,
                [ENTRA_ATTRIBUTES.groupsLink]: ENTRA_SAML_CLAIMS.groupsLink,
                [ENTRA_ATTRIBUTES.department]: ENTRA_SAML_CLAIMS.department,
                [ENTRA_ATTRIBUTES.costCentre]: ENTRA_SAML_CLAIMS.costCentre,
              },
            },
            idpSignout: true,
          },
        }),
        scopes: ['OPENID', 'EMAIL', 'PROFILE'],
        callbackUrls: appUrls,
        logoutUrls: appUrls,
      },
    },
    userAttributes: {
      givenName: { required: false, mutable: true },
      familyName: { required: false, mutable: true },
      [ENTRA_ATTRIBUTES.roles]: entraAttribute,
      [ENTRA_ATTRIBUTES.groups]: entraAttribute,
      [ENTRA_ATTRIBUTES.groupsLink]: entraAttribute,
      [ENTRA_ATTRIBUTES.department]: { dataType: 'String', mutable: true, maxLen: 256 },
      [ENTRA_ATTRIBUTES.costCentre]: { dataType: 'String', mutable: true, maxLen: 256 },
    },
    // Applies to native users only: federated users do their MFA at Entra ID.
    multifactor: { mode: 'REQUIRED', totp: true },
    accountRecovery: 'EMAIL_ONLY',
    // Order is precedence: Administrators 0 (wins), MLUsers 1, ReadOnly 2.
    groups: [...GROUPS],
    triggers: { preTokenGeneration: groupMapping },
  });
}
