import { type Group, GROUPS } from '../../amplify/contract/groups.ts';
import { cognitoCall } from './cognito-api.ts';

/** A seeded local user: one per group, with a documented password (local mode only). */
export interface SeededUser {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly group: Group;
}

/** The users every local stack starts with (README, "Local mode"). Never used outside local mode. */
export const SEEDED_USERS: readonly SeededUser[] = [
  {
    username: 'admin',
    password: 'Local-Admin-1!',
    email: 'admin@example.com',
    group: 'Administrators',
  },
  {
    username: 'mluser',
    password: 'Local-MLUser-1!',
    email: 'mluser@example.com',
    group: 'MLUsers',
  },
  {
    username: 'readonly',
    password: 'Local-ReadOnly-1!',
    email: 'readonly@example.com',
    group: 'ReadOnly',
  },
];

/** OAuth scopes the app client allows (as the deployed app client). */
export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

/** What {@link provisionUserPool} created. */
export interface LocalUserPool {
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly users: readonly SeededUser[];
}

/**
 * Creates the user pool, the public app client (no secret; code flow with the given callback and
 * logout URLs; USER_PASSWORD_AUTH for `npm run token`), the three groups and the seeded users.
 */
export async function provisionUserPool(
  endpoint: string,
  urls: { readonly callbackUrls: readonly string[]; readonly logoutUrls: readonly string[] },
  users: readonly SeededUser[] = SEEDED_USERS,
): Promise<LocalUserPool> {
  const { UserPool } = await cognitoCall<{ UserPool: { Id: string } }>(endpoint, 'CreateUserPool', {
    PoolName: 'ml-gateway-local',
  });
  const userPoolId = UserPool.Id;
  const { UserPoolClient } = await cognitoCall<{ UserPoolClient: { ClientId: string } }>(
    endpoint,
    'CreateUserPoolClient',
    {
      UserPoolId: userPoolId,
      ClientName: 'ml-gateway-app',
      GenerateSecret: false,
      ExplicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: OAUTH_SCOPES,
      CallbackURLs: urls.callbackUrls,
      LogoutURLs: urls.logoutUrls,
      SupportedIdentityProviders: ['COGNITO', 'EntraID'],
      // 1 h access and ID tokens as deployed; refresh tokens neither follow
      // refreshTokenValidityHours nor rotate here (README, "What differs from AWS").
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    },
  );
  for (const group of GROUPS) {
    await cognitoCall(endpoint, 'CreateGroup', { UserPoolId: userPoolId, GroupName: group });
  }
  for (const user of users) {
    await cognitoCall(endpoint, 'AdminCreateUser', {
      UserPoolId: userPoolId,
      Username: user.username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: user.password,
      UserAttributes: [
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    await cognitoCall(endpoint, 'AdminSetUserPassword', {
      UserPoolId: userPoolId,
      Username: user.username,
      Password: user.password,
      Permanent: true,
    });
    await cognitoCall(endpoint, 'AdminAddUserToGroup', {
      UserPoolId: userPoolId,
      Username: user.username,
      GroupName: user.group,
    });
  }
  return { userPoolId, userPoolClientId: UserPoolClient.ClientId, users };
}

/** Signs a user in with USER_PASSWORD_AUTH and returns the access token. */
export async function passwordSignIn(
  endpoint: string,
  clientId: string,
  username: string,
  password: string,
): Promise<string> {
  const result = await cognitoCall<{ AuthenticationResult?: { AccessToken: string } }>(
    endpoint,
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    },
  );
  if (!result.AuthenticationResult) {
    throw new Error(`Sign-in of ${username} asked for a challenge instead of returning tokens`);
  }
  return result.AuthenticationResult.AccessToken;
}
