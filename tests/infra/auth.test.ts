import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import { PROFILE_WRITE_ATTRIBUTES } from '../../amplify/auth/user-pool-overrides.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { loadBackend, nestedStack } from './assembly.ts';
import { SYNTH_TARGETS } from './synth-targets.ts';

const USER_POOL = 'AWS::Cognito::UserPool';
const CLIENT = 'AWS::Cognito::UserPoolClient';
const METADATA_URL = SYNTH_TARGETS.prod.env.ENTRA_METADATA_URL;

function only(template: Template, type: string): { Properties: Record<string, unknown> } {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0] as { Properties: Record<string, unknown> };
}

describe.each(['sandbox', 'prod'] as const)('the user pool (%s)', (target) => {
  const auth = () => nestedStack('auth', target);

  it('lets only administrators create users (no self sign-up)', () => {
    auth().hasResourceProperties(USER_POOL, {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('requires 12+ character passwords with every character class', () => {
    auth().hasResourceProperties(USER_POOL, {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('requires MFA with TOTP only, and recovers accounts by email only', () => {
    auth().hasResourceProperties(USER_POOL, {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('runs the group-mapping trigger with V2_0 events on the Essentials plan', () => {
    const pool = only(auth(), USER_POOL).Properties;
    expect(pool['UserPoolTier']).toBe('ESSENTIALS');
    const lambdaConfig = pool['LambdaConfig'] as {
      PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': string[] }; LambdaVersion: string };
    };
    expect(lambdaConfig.PreTokenGenerationConfig.LambdaVersion).toBe('V2_0');
    const functionId = lambdaConfig.PreTokenGenerationConfig.LambdaArn['Fn::GetAtt'][0]!;
    expect(functionId).toMatch(/^groupmapping/);
    const fn = auth().findResources('AWS::Lambda::Function')[functionId] as {
      Properties: { Runtime: string; Timeout: number };
    };
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 5 });
    auth().hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('holds the Entra claims in custom attributes long enough for Cognito (2048)', () => {
    const schema = only(auth(), USER_POOL).Properties['Schema'] as {
      Name: string;
      StringAttributeConstraints?: { MaxLength: string };
    }[];
    for (const name of ['entra_roles', 'entra_groups', 'entra_groups_link']) {
      expect(schema.find((attribute) => attribute.Name === name)).toMatchObject({
        StringAttributeConstraints: { MaxLength: '2048' },
      });
    }
    expect(schema.map((attribute) => attribute.Name)).toContain('department');
  });

  it('has the three groups, Administrators first in precedence', () => {
    const precedence = Object.fromEntries(
      Object.values(auth().findResources('AWS::Cognito::UserPoolGroup')).map((group) => [
        (group as { Properties: { GroupName: string } }).Properties.GroupName,
        (group as { Properties: { Precedence: number } }).Properties.Precedence,
      ]),
    );
    expect(precedence).toEqual({ Administrators: 0, MLUsers: 1, ReadOnly: 2 });
  });

  it('has a public app client: no secret, code flow only, openid/email/profile, 1 h tokens', () => {
    auth().hasResourceProperties(CLIENT, {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('rotates refresh tokens and keeps them for the environment setting, not 30 days', () => {
    // The sandbox default is a developer's day, production's a working day (settings/defaults.ts).
    const hours = { sandbox: 24, prod: 12 }[target];
    auth().hasResourceProperties(CLIENT, {
      RefreshTokenValidity: hours,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'hours' },
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
  });

  it('gives no AWS credentials to guests', () => {
    auth().hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
  });

  it('passes the pool and app client to the API authorizer', () => {
    const authorizer = Object.entries(
      nestedStack('api', target).findResources('AWS::Lambda::Function'),
    ).find(([id]) => id.startsWith('apiauthorizer'));
    const variables = (
      authorizer?.[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } }
    ).Properties.Environment.Variables;
    expect(JSON.stringify(variables['USER_POOL_ID'])).toMatch(/amplifyAuthUserPool.*Ref/);
    expect(JSON.stringify(variables['USER_POOL_CLIENT_ID'])).toMatch(
      /amplifyAuthUserPoolAppClient.*Ref/,
    );
    expect(variables['JWT_ISSUER']).toBeUndefined();
    expect(variables['JWKS_URI']).toBeUndefined();
  });
});

describe('a sandbox without an Entra metadata URL', () => {
  const auth = () => nestedStack('auth', 'sandbox');

  it('has no SAML provider; native users sign in through the hosted UI', () => {
    auth().resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
    auth().hasResourceProperties(CLIENT, { SupportedIdentityProviders: ['COGNITO'] });
  });

  it('uses the domain prefix from the settings, and localhost callback and logout URLs', () => {
    const context = {
      'amplify-backend-type': 'sandbox',
      'amplify-backend-name': 'local',
      'amplify-backend-namespace': 'mlgateway',
    };
    const { authDomainPrefix } = loadSettings({ CDK_CONTEXT_JSON: JSON.stringify(context) });
    auth().hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: authDomainPrefix });
    auth().hasResourceProperties(CLIENT, {
      CallbackURLs: ['http://localhost:4200/'],
      LogoutURLs: ['http://localhost:4200/'],
    });
  });

  it('keeps the pool deletable: no deletion protection, deleted with the stack', () => {
    auth().hasResource(USER_POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('the production branch federated with Entra ID', () => {
  const auth = () => nestedStack('auth', 'prod');

  it('has the SAML provider EntraID with the metadata URL, claim mapping and IdP sign-out', () => {
    auth().hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'EntraID',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: METADATA_URL, IDPSignout: true },
      AttributeMapping: {
        email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        given_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
        family_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
        'custom:entra_roles': 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
        'custom:entra_groups': 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
        'custom:entra_groups_link': 'http://schemas.microsoft.com/claims/groups.link',
        'custom:department': 'department',
      },
    });
  });

  it('lets the app client use EntraID, created after the provider', () => {
    const [providerId] = Object.keys(
      auth().findResources('AWS::Cognito::UserPoolIdentityProvider'),
    );
    auth().hasResource(CLIENT, {
      Properties: Match.objectLike({ SupportedIdentityProviders: ['EntraID', 'COGNITO'] }),
      DependsOn: Match.arrayWith([providerId]),
    });
  });

  it('uses the production domain prefix and only https app origins as callback and logout URLs', () => {
    auth().hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: SYNTH_TARGETS.prod.env.AUTH_DOMAIN_PREFIX,
    });
    const urls = [
      'https://ml.example.com/',
      'https://main.mlgateway.amplifyapp.com/',
      'https://ai.example.com/',
    ];
    const client = only(auth(), CLIENT).Properties;
    expect([...(client['CallbackURLs'] as string[])].sort()).toEqual([...urls].sort());
    expect([...(client['LogoutURLs'] as string[])].sort()).toEqual([...urls].sort());
  });

  it('protects the production pool from deletion and retains it, so a failed first deploy rolls back', () => {
    auth().hasResource(USER_POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the API authorizer function', () => {
  const authorizerFunction = () => {
    const api = nestedStack('api', 'prod');
    const [id, resource] = Object.entries(api.findResources('AWS::Lambda::Function')).find(
      ([logicalId]) => logicalId.startsWith('apiauthorizer'),
    )!;
    return {
      api,
      id,
      properties: (resource as { Properties: Record<string, unknown> }).Properties,
    };
  };

  it('runs on Node.js 24 with 5 s and 512 MB', () => {
    expect(authorizerFunction().properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Timeout: 5,
      MemorySize: 512,
    });
  });

  it('reads only API keys, the key owners’ groups and the directory: besides its logs and X-Ray traces', () => {
    const { api, properties } = authorizerFunction();
    const roleId = (properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const attached = Object.values(api.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(
        roleId,
      ),
    ) as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }[];
    const actions = attached.flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap((statement) => statement.Action),
    );
    // Tokens need no AWS call but the directory's (when access follows it); keys need their
    // table, the HMAC secret and the owner's current groups (tests/infra/api-keys.test.ts and
    // directory-access.test.ts check the resources of each).
    expect([...new Set(actions)].sort()).toEqual([
      'cognito-idp:AdminListGroupsForUser',
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'secretsmanager:GetSecretValue',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe.each(['sandbox', 'prod'] as const)('what users may change (%s)', (target) => {
  const auth = () => nestedStack('auth', target);

  it('lets the app client write the profile fields, and custom attributes only where SAML maps them', () => {
    const client = only(auth(), CLIENT).Properties;
    const written = client['WriteAttributes'] as string[];
    expect(written).toEqual(expect.arrayContaining([...PROFILE_WRITE_ATTRIBUTES]));
    const custom = written.filter((name) => name.startsWith('custom:'));
    // Cognito needs write access to every SAML-mapped attribute; nothing custom beyond those.
    const mapped = Object.values(auth().findResources('AWS::Cognito::UserPoolIdentityProvider'))
      .flatMap((provider) =>
        Object.keys(
          (provider as { Properties: { AttributeMapping: object } }).Properties.AttributeMapping,
        ),
      )
      .filter((name) => name.startsWith('custom:'));
    expect(custom.sort()).toEqual([...new Set(mapped)].sort());
    if (target === 'sandbox') expect(custom).toEqual([]);
    expect(written.filter((name) => !name.startsWith('custom:')).sort()).toEqual(
      [...PROFILE_WRITE_ATTRIBUTES].sort(),
    );
  });

  it('gives the identity pool roles (authenticated, guest, per group) no permission at all', () => {
    const roles = Object.entries(auth().findResources('AWS::IAM::Role')).filter(([, role]) =>
      JSON.stringify(role).includes('cognito-identity.amazonaws.com'),
    );
    // authenticated, unauthenticated, Administrators, MLUsers, ReadOnly
    expect(roles).toHaveLength(5);
    for (const [id, role] of roles) {
      const properties = (role as { Properties: Record<string, unknown> }).Properties;
      expect(properties['Policies'], id).toBeUndefined();
      expect(properties['ManagedPolicyArns'], id).toBeUndefined();
      const trust = properties['AssumeRolePolicyDocument'] as { Statement: object[] };
      expect(trust.Statement, id).toEqual([
        expect.objectContaining({
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
        }),
      ]);
    }
    // No policy in any stack is attached to one of them, by Ref, GetAtt or a nested-stack parameter.
    const roleIds = roles.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    for (const [stack, template] of Object.entries(loadBackend(target).all)) {
      const resources =
        (template as { Resources?: Record<string, { Type: string; Properties?: object }> })
          .Resources ?? {};
      for (const [id, resource] of Object.entries(resources)) {
        if (!/^AWS::IAM::(Policy|ManagedPolicy|RolePolicy)$/.test(resource.Type)) continue;
        const attached = JSON.stringify(resource.Properties ?? {});
        for (const roleId of roleIds)
          expect(attached.includes(roleId), `${stack}/${id} names ${roleId}`).toBe(false);
      }
    }
  });
});
