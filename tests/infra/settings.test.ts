import { rmSync } from 'node:fs';

import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';

import { synthBackend } from '../../scripts/synth.ts';
import { nestedStack } from './assembly.ts';
import { SYNTH_TARGETS } from './synth-targets.ts';
import type { TemplateResource as Resource } from './template-types.ts';

const propertiesOf = (target: 'prod' | 'dev', stack: string, type: string) =>
  Object.values(nestedStack(stack, target).findResources(type)).map(
    (resource) => (resource as Resource).Properties,
  );

describe('per-environment settings reach the templates', () => {
  it('throttles the prod stage with its own limits and dev with the defaults', () => {
    const stageThrottle = (target: 'prod' | 'dev') =>
      (
        propertiesOf(target, 'api', 'AWS::ApiGateway::Stage')[0]!['MethodSettings'] as {
          ResourcePath: string;
          ThrottlingRateLimit: number;
          ThrottlingBurstLimit: number;
        }[]
      ).find((setting) => setting.ResourcePath === '/*');
    expect(stageThrottle('prod')).toMatchObject({
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 1000,
    });
    expect(stageThrottle('dev')).toMatchObject({
      ThrottlingRateLimit: 1000,
      ThrottlingBurstLimit: 2000,
    });
  });

  it('keeps logs 365 days in prod (LOG_RETENTION_DAYS) and 30 in dev', () => {
    for (const [target, days] of [
      ['prod', 365],
      ['dev', 30],
    ] as const) {
      const retentions = propertiesOf(target, 'api', 'AWS::Logs::LogGroup').map(
        (group) => group['RetentionInDays'],
      );
      expect(retentions.length, target).toBeGreaterThan(0);
      expect(new Set(retentions), target).toEqual(new Set([days]));
    }
  });

  it('rate-limits each IP at WAF_RATE_PER_5_MIN in prod and the default in dev', () => {
    const rateLimits = (target: 'prod' | 'dev') =>
      (
        propertiesOf(target, 'api', 'AWS::WAFv2::WebACL')[0]!['Rules'] as {
          Statement: { RateBasedStatement?: { Limit: number } };
        }[]
      )
        .map((rule) => rule.Statement.RateBasedStatement?.Limit)
        .filter((limit) => limit !== undefined);
    expect(rateLimits('prod')).toEqual([1000]);
    expect(rateLimits('dev')).toEqual([2000]);
  });

  it("gives each environment its own hosted-UI domain and only its own origins' callbacks", () => {
    nestedStack('auth', 'prod').hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-ml-gateway',
    });
    nestedStack('auth', 'dev').hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-ml-gateway-dev',
    });
    const callbacks = (target: 'prod' | 'dev') =>
      propertiesOf(target, 'auth', 'AWS::Cognito::UserPoolClient').flatMap(
        (client) => (client['CallbackURLs'] as string[] | undefined) ?? [],
      );
    expect(callbacks('prod')).toEqual(
      expect.arrayContaining(['https://ml.example.com/', 'https://main.mlgateway.amplifyapp.com/']),
    );
    expect(callbacks('prod').join(' ')).not.toMatch(/localhost|dev\.mlgateway/);
    expect(callbacks('dev')).toEqual(
      expect.arrayContaining(['https://dev.mlgateway.amplifyapp.com/']),
    );
    expect(callbacks('dev').join(' ')).not.toMatch(/ml\.example\.com|main\.mlgateway/);
  });

  it('mails the alarms to each environment its own address; only prod has a billing alarm', () => {
    nestedStack('api', 'prod').hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ml-ops@example.com',
    });
    nestedStack('api', 'dev').hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ml-dev@example.com',
    });
    const billing = { MetricName: 'EstimatedCharges', Threshold: Match.anyValue() };
    nestedStack('api', 'prod').hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...billing,
      Threshold: Number(SYNTH_TARGETS.prod.env.BILLING_ALARM_USD),
    });
    expect(
      nestedStack('api', 'dev').findResources('AWS::CloudWatch::Alarm', { Properties: billing }),
    ).toEqual({});
  });
});

describe('names unique per deployment', () => {
  const apiName = (target: 'prod' | 'dev') =>
    propertiesOf(target, 'api', 'AWS::ApiGateway::RestApi')[0]!['Name'] as string;

  it('names each REST API after its branch and app, never after the environment alone', () => {
    expect(apiName('dev')).toBe('ml-gateway-dev-mlgateway');
    expect(apiName('prod')).toBe('ml-gateway-main-mlgateway');
  });

  it('watches only its own API: every API Gateway alarm and the dashboard use that name', () => {
    for (const target of ['prod', 'dev'] as const) {
      const apiAlarms = propertiesOf(target, 'api', 'AWS::CloudWatch::Alarm').filter(
        (alarm) => alarm['Namespace'] === 'AWS/ApiGateway',
      );
      expect(apiAlarms.length, target).toBeGreaterThan(0);
      for (const alarm of apiAlarms)
        expect(alarm['Dimensions'], target).toContainEqual({
          Name: 'ApiName',
          Value: apiName(target),
        });
      // The body is JSON inside a CloudFormation string: unescape its quotes to read it.
      const dashboard = JSON.stringify(
        propertiesOf(target, 'api', 'AWS::CloudWatch::Dashboard')[0]!['DashboardBody'],
      ).replaceAll('\\"', '"');
      expect(dashboard, target).toContain(`"ApiName","${apiName(target)}"`);
      expect(dashboard, target).not.toMatch(/"ApiName","ml-gateway-(dev|prod)"/);
    }
  });

  it("tags the processors' own MLGateway metrics with that name (DEPLOYMENT_NAME)", () => {
    for (const target of ['prod', 'dev'] as const) {
      const processors = propertiesOf(target, 'api', 'AWS::Lambda::Function').filter(
        (fn) =>
          (fn['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
            'POWERTOOLS_METRICS_NAMESPACE'
          ] === 'MLGateway',
      );
      expect(processors, target).toHaveLength(4);
      for (const fn of processors)
        expect(
          (fn['Environment'] as { Variables: Record<string, unknown> }).Variables[
            'DEPLOYMENT_NAME'
          ],
          target,
        ).toBe(apiName(target));
    }
  });
});

describe('a sandbox deploys with safe defaults', () => {
  const api = () => nestedStack('api', 'sandbox');

  it('keeps its logs 7 days', () => {
    const retentions = Object.values(api().findResources('AWS::Logs::LogGroup')).map(
      (group) => (group as Resource).Properties['RetentionInDays'],
    );
    expect(retentions.length).toBeGreaterThan(0);
    expect(new Set(retentions)).toEqual(new Set([7]));
  });

  it('has no billing alarm and mails nobody', () => {
    expect(
      api().findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'EstimatedCharges' },
      }),
    ).toEqual({});
    expect(api().findResources('AWS::SNS::Subscription')).toEqual({});
  });

  it('lets only localhost call the API and receive sign-in callbacks', () => {
    const callbacks = Object.values(
      nestedStack('auth', 'sandbox').findResources('AWS::Cognito::UserPoolClient'),
    ).flatMap(
      (client) => ((client as Resource).Properties['CallbackURLs'] as string[] | undefined) ?? [],
    );
    expect(callbacks.length).toBeGreaterThan(0);
    for (const url of callbacks)
      expect(new URL(url).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
  });
});

describe('a misconfigured branch never synthesizes', () => {
  const outDir = `cdk.out/test-${process.pid}-misconfigured`;
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('fails the staging synth, naming each bad setting, its variable and the environment', () => {
    let message = '';
    try {
      synthBackend({
        branch: 'staging',
        outDir,
        env: {
          ENTRA_METADATA_URL: 'http://idp.example.com/metadata.xml',
          API_THROTTLE_RATE_LIMIT: 'fast',
        },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Invalid settings for environment "staging" (branch staging)');
    expect(message).toContain(
      'entraMetadataUrl (from ENTRA_METADATA_URL="http://idp.example.com/metadata.xml")',
    );
    expect(message).toContain('api.throttleRateLimit (from API_THROTTLE_RATE_LIMIT="fast")');
    // Staging and prod choose their own hosted-UI prefix: no derived or fixed default.
    expect(message).toContain(
      'authDomainPrefix (default; set AUTH_DOMAIN_PREFIX to override): required in staging and prod',
    );
  });
});
