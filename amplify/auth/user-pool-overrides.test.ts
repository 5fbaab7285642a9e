import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  CfnIdentityPool,
  type CfnUserPool,
  type CfnUserPoolClient,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

import { type DeploymentTarget, loadSettings } from '../settings/index.ts';
import { applyUserPoolOverrides } from './user-pool-overrides.ts';

/** A branch's variables; dev branches and sandboxes derive their hosted-UI prefix. */
const ENV = {
  ENTRA_METADATA_URL: 'https://idp.example.com/federationmetadata.xml',
  ALLOWED_ORIGINS: 'https://ml.example.com',
};
/** Staging and prod name their prefix. */
const NAMED_PREFIX_ENV = { ...ENV, AUTH_DOMAIN_PREFIX: 'example-ml-gateway' };

/** A user pool shaped like defineAuth's (pool, app client, domain, identity pool), overridden. */
function overriddenPool(target: DeploymentTarget, env: NodeJS.ProcessEnv = ENV): Template {
  const stack = new Stack(new App(), 'Auth');
  // defineAuth's pool has DeletionPolicy Delete (the L2 default would be Retain).
  const userPool = new UserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.DESTROY });
  const client = userPool.addClient('Client');
  userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'generated-by-define-auth' } });
  const identityPool = new CfnIdentityPool(stack, 'IdentityPool', {
    allowUnauthenticatedIdentities: true,
  });
  const groupMapping = new LambdaFunction(stack, 'GroupMapping', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async (event) => event;'),
  });
  applyUserPoolOverrides(
    {
      userPool,
      cfnResources: {
        cfnUserPool: userPool.node.defaultChild as CfnUserPool,
        cfnUserPoolClient: client.node.defaultChild as CfnUserPoolClient,
        cfnIdentityPool: identityPool,
      },
    },
    { settings: loadSettings(env, target), groupMappingFunction: groupMapping, federated: false },
  );
  return Template.fromStack(stack);
}

describe('user pool removal policy and deletion protection', () => {
  it.each([
    ['prod', 'main'],
    ['staging', 'staging'],
  ] as const)(
    '%s: protected and retained, so a failed first deploy can roll back',
    (environment, branch) => {
      overriddenPool({ environment, branch, appId: 'app123' }, NAMED_PREFIX_ENV).hasResource(
        'AWS::Cognito::UserPool',
        {
          Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        },
      );
    },
  );

  it.each([
    ['dev', 'feature/ABC-1'],
    ['sandbox', undefined],
  ] as const)('%s: unprotected and deleted with the stack', (environment, branch) => {
    overriddenPool({ environment, branch, appId: branch && 'app123' }).hasResource(
      'AWS::Cognito::UserPool',
      {
        Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
        DeletionPolicy: 'Delete',
      },
    );
  });
});

describe('hosted-UI domain prefix', () => {
  it("replaces defineAuth's generated prefix with the settings' prefix", () => {
    const template = overriddenPool(
      { environment: 'prod', branch: 'main', appId: 'app123' },
      NAMED_PREFIX_ENV,
    );
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-ml-gateway',
    });
  });

  it('gives a feature branch its own derived prefix', () => {
    const domains = Object.values(
      overriddenPool({
        environment: 'dev',
        branch: 'feature/ABC-1',
        appId: 'app123',
      }).findResources('AWS::Cognito::UserPoolDomain'),
    ).map((domain) => (domain as { Properties: { Domain: string } }).Properties.Domain);
    expect(domains).toEqual([expect.stringMatching(/^feature-abc-1-app123-[0-9a-f]{8}$/)]);
  });
});

describe('user pool security settings', () => {
  const template = overriddenPool({ environment: 'dev', branch: 'feature/ABC-1', appId: 'app123' });

  it('lets only administrators create users, with 12+ character passwords of every class', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
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

  it('gives the app client no secret, the code flow only, 1 h tokens and revocation', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('lets users write only the standard profile fields (no custom attribute) without SAML', () => {
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const written = client!['Properties']['WriteAttributes'] as string[];
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
  });

  it('gives guests no identity', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
  });
});
