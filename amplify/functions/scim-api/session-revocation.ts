/**
 * Ends a deprovisioned user's sessions: when SCIM deactivates (`active: false`) or deletes a
 * user, their refresh tokens are revoked with Cognito's AdminUserGlobalSignOut, which
 * "invalidates the identity, access, and refresh tokens that Amazon Cognito issued to a user";
 * "other requests might be valid until your user's token expires" and the managed-login cookie
 * stays ("AdminUserGlobalSignOut", Amazon Cognito User Pools API Reference,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html).
 * So the access token itself is refused through the directory check (within 60 s), and no
 * refresh gives the user a new one.
 */
import {
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

import { ENTRA_PROVIDER_NAME } from '../../auth/group-mapping/entra-claims.ts';

/** Signs a directory user out of every Cognito session. */
export interface SessionRevoker {
  /** Revokes the sessions of the user SCIM knows as `userName`; a user who never signed in is no error. */
  signOut(userName: string): Promise<void>;
}

/**
 * The Cognito user names a SCIM userName signs in as: a user federated through the Entra SAML
 * provider is `EntraID_<NameID>`, and the NameID is the userName (docs/entra-id.md).
 */
export function cognitoUsernamesOf(userName: string): string[] {
  return [`${ENTRA_PROVIDER_NAME}_${userName}`];
}

/** {@link SessionRevoker} over the user pool (IAM: `cognito-idp:AdminUserGlobalSignOut` on the pool). */
export class CognitoSessionRevoker implements SessionRevoker {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;

  constructor(options: { userPoolId: string; client?: CognitoIdentityProviderClient }) {
    this.#userPoolId = options.userPoolId;
    this.#client = options.client ?? new CognitoIdentityProviderClient({});
  }

  async signOut(userName: string): Promise<void> {
    for (const Username of cognitoUsernamesOf(userName)) {
      try {
        await this.#client.send(
          new AdminUserGlobalSignOutCommand({ UserPoolId: this.#userPoolId, Username }),
        );
      } catch (error) {
        // Provisioned but never signed in: the pool holds no such user, nothing to revoke.
        if ((error as Error).name !== 'UserNotFoundException') throw error;
      }
    }
  }
}
