import { Stack, Validations } from 'aws-cdk-lib';
import {
  type CfnIdentityPool,
  type CfnUserPool,
  type CfnUserPoolClient,
  CfnUserPoolDomain,
  CfnUserPoolIdentityProvider,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

import type { EnvironmentSettings } from '../settings/index.ts';
import { statefulRemovalOf } from '../settings/removal-policy.ts';
import { ENTRA_ATTRIBUTES, ENTRA_PROVIDER_NAME } from './group-mapping/entra-claims.ts';

/** Password policy for native (break-glass) users. */
const PASSWORD_POLICY = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 3,
} as const satisfies CfnUserPool.PasswordPolicyProperty;

/** Token lifetimes of the app client (the refresh token's is the environment's setting). */
const TOKEN_VALIDITY = {
  accessMinutes: 60,
  idMinutes: 60,
} as const;

/**
 * Standard profile attributes the app client may write. Without a list, every attribute is
 * writable by its user (UpdateUserAttributes with an access token), `custom:*` included.
 */
export const PROFILE_WRITE_ATTRIBUTES = [
  'email',
  'given_name',
  'family_name',
  'name',
  'locale',
  'zoneinfo',
] as const;

/**
 * What the app client may write: the profile fields, plus, with the SAML provider, the custom
 * attributes Entra claims are mapped to. Cognito refuses a federated sign-in when the client
 * cannot write a mapped attribute (Cognito API Reference, UserPoolClientType WriteAttributes:
 * "this array must include all attributes that you have mapped to IdP attributes"). Those stay
 * safe: hosted-UI tokens lack the `aws.cognito.signin.user.admin` scope UpdateUserAttributes
 * needs, and the group mapping reads them only for users whose `identities` name Entra ID.
 */
function clientWriteAttributes(federated: boolean): string[] {
  return [...PROFILE_WRITE_ATTRIBUTES, ...(federated ? Object.values(ENTRA_ATTRIBUTES) : [])];
}

/**
 * Seconds a rotated-out refresh token stays valid, so a refresh whose answer was lost can be
 * retried (Cognito allows 0 to 60; "Refresh tokens - Amazon Cognito", docs.aws.amazon.com/
 * cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html).
 */
export const REFRESH_ROTATION_GRACE_SECONDS = 10;

/** The parts of `backend.auth.resources` the overrides touch. */
export interface UserPoolResources {
  readonly userPool: IUserPool;
  readonly cfnResources: {
    readonly cfnUserPool: CfnUserPool;
    readonly cfnUserPoolClient: CfnUserPoolClient;
    readonly cfnIdentityPool: CfnIdentityPool;
  };
}

/** Props of {@link applyUserPoolOverrides}; every one is required. */
export interface UserPoolOverridesProps {
  /**
   * The environment's settings: hosted-UI domain prefix, refresh-token lifetime and removal
   * policy (deletion protection only where retained).
   */
  readonly settings: EnvironmentSettings;
  /** The pre-token-generation function, switched to event version V2_0 here. */
  readonly groupMappingFunction: IFunction;
  /** Whether the SAML provider exists (it does when `settings.entraMetadataUrl` is set). */
  readonly federated: boolean;
}

/**
 * Sets, through the L1 resources, what defineAuth does not expose or defaults differently
 * (self sign-up on, 8-character passwords, V1 trigger events, a generated domain prefix).
 */
export function applyUserPoolOverrides(
  auth: UserPoolResources,
  props: UserPoolOverridesProps,
): void {
  const { cfnUserPool, cfnUserPoolClient, cfnIdentityPool } = auth.cfnResources;

  cfnUserPool.adminCreateUserConfig = { allowAdminCreateUserOnly: true };
  cfnUserPool.policies = { passwordPolicy: PASSWORD_POLICY };
  // V2_0 trigger events can set groups in the ACCESS token; they need the Essentials plan.
  cfnUserPool.userPoolTier = 'ESSENTIALS';
  Validations.of(cfnUserPool).acknowledge({
    id: 'AwsSolutions-COG8',
    reason:
      'Essentials, not Plus: employees sign in through Entra ID, whose own risk detection and ' +
      'conditional access apply; the only native users are a few break-glass administrators ' +
      'with required TOTP MFA and 12+ character passwords. Plus threat protection would cover ' +
      'only those accounts.',
  });
  cfnUserPool.addPropertyOverride('LambdaConfig.PreTokenGenerationConfig', {
    LambdaArn: props.groupMappingFunction.functionArn,
    LambdaVersion: 'V2_0',
  });

  // A protected pool must also be retained: Cognito refuses DeleteUserPool while protection is
  // on (docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-deletion-protection.html),
  // so DeletionPolicy Delete would end a failed first deploy in ROLLBACK_FAILED.
  const removal = statefulRemovalOf(props.settings);
  cfnUserPool.deletionProtection = removal.deletionProtection ? 'ACTIVE' : 'INACTIVE';
  cfnUserPool.applyRemovalPolicy(removal.data);

  cfnUserPoolClient.generateSecret = false;
  // SRP for native users, refresh for everyone; federated users come through the code flow.
  cfnUserPoolClient.explicitAuthFlows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  cfnUserPoolClient.allowedOAuthFlows = ['code'];
  cfnUserPoolClient.allowedOAuthFlowsUserPoolClient = true;
  cfnUserPoolClient.allowedOAuthScopes = ['openid', 'email', 'profile'];
  cfnUserPoolClient.supportedIdentityProviders = props.federated
    ? [ENTRA_PROVIDER_NAME, 'COGNITO']
    : ['COGNITO'];
  // The provider is named by string above, so CloudFormation must be told to create it first.
  for (const provider of Stack.of(auth.userPool).node.findAll()) {
    if (provider instanceof CfnUserPoolIdentityProvider) cfnUserPoolClient.addDependency(provider);
  }
  cfnUserPoolClient.accessTokenValidity = TOKEN_VALIDITY.accessMinutes;
  cfnUserPoolClient.idTokenValidity = TOKEN_VALIDITY.idMinutes;
  cfnUserPoolClient.refreshTokenValidity = props.settings.refreshTokenValidityHours;
  cfnUserPoolClient.tokenValidityUnits = {
    accessToken: 'minutes',
    idToken: 'minutes',
    refreshToken: 'hours',
  };
  // Each refresh returns a new refresh token and retires the old one, so a copied token dies
  // at the owner's next refresh. Amplify JS refreshes with GetTokensFromRefreshToken, the only
  // call rotation allows (same Cognito page as above).
  cfnUserPoolClient.refreshTokenRotation = {
    feature: 'ENABLED',
    retryGracePeriodSeconds: REFRESH_ROTATION_GRACE_SECONDS,
  };
  cfnUserPoolClient.writeAttributes = clientWriteAttributes(props.federated);
  cfnUserPoolClient.enableTokenRevocation = true;
  cfnUserPoolClient.preventUserExistenceErrors = 'ENABLED';

  // The app calls only the REST API with the access token: no guest AWS credentials.
  cfnIdentityPool.allowUnauthenticatedIdentities = false;

  // defineAuth always derives the prefix from a hash; the environment's setting wins.
  const domain = auth.userPool.node
    .findAll()
    .find((child): child is CfnUserPoolDomain => child instanceof CfnUserPoolDomain);
  if (!domain)
    throw new Error('defineAuth created no hosted-UI domain (externalProviders missing)');
  domain.domain = props.settings.authDomainPrefix;
}
