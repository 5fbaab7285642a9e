import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import { primaryOrigin } from '../../amplify/contract/gateway.ts';
import { wafLogResourcePolicy } from '../../amplify/security/waf-log-policy.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { loadBackend, nestedStack } from './assembly.ts';
import { SYNTH_TARGETS } from './synth-targets.ts';
import type { TemplateResource as Resource } from './template-types.ts';

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

describe('REST API wiring', () => {
  it('publishes the API URL and region for the app', () => {
    const outputs = JSON.stringify(loadBackend().root.toJSON()['Outputs']);
    expect(outputs).toContain('\\"mlGateway\\":{\\"apiUrl\\":\\"https://');
    expect(outputs).toContain('\\"region\\":\\"');
  });
});

// The web ACL's rules, answers and logging are asserted on the construct alone:
// amplify/security/web-acl.test.ts. Here: what differs per environment.
describe('web ACL name', () => {
  it('is a valid WAFv2 name, different for the sandbox, dev and main', () => {
    const names = (['sandbox', 'dev', 'prod'] as const).map(
      (target) =>
        resourcesOf(nestedStack('api', target), 'AWS::WAFv2::WebACL')[0]![1].Properties[
          'Name'
        ] as string,
    );
    for (const name of names) expect(name).toMatch(/^[\w-]{1,128}$/);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('WAF log group on a branch', () => {
  it('dev (feature branches come and go) deletes its WAF log group with the stack', () => {
    const groups = Object.values(
      nestedStack('api', 'dev').toJSON()['Resources'] as Record<
        string,
        Resource & { Type: string; DeletionPolicy?: string }
      >,
    ).filter(
      (r) =>
        r.Type === 'AWS::Logs::LogGroup' &&
        String(JSON.stringify(r.Properties['LogGroupName'])).includes('"aws-waf-logs-'),
    );
    expect(groups.map((group) => group.DeletionPolicy)).toEqual(['Delete']);
  });

  for (const target of ['prod'] as const) {
    const api = nestedStack('api', target);
    const wafLogGroups = () =>
      Object.values(
        api.toJSON()['Resources'] as Record<
          string,
          Resource & { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
        >,
      ).filter(
        (r) =>
          r.Type === 'AWS::Logs::LogGroup' &&
          String(JSON.stringify(r.Properties['LogGroupName'])).includes('"aws-waf-logs-'),
      );

    it(`${target}: is retained on update and delete but removed when the first create fails`, () => {
      const [group] = wafLogGroups();
      expect(group!.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(group!.UpdateReplacePolicy).toBe('Retain');
    });

    it(`${target}: is named after the stack's own id, so a re-created branch gets a new group`, () => {
      const [group] = wafLogGroups();
      const [separator, parts] = (
        group!.Properties['LogGroupName'] as { 'Fn::Join': [string, unknown[]] }
      )['Fn::Join'];
      expect(separator).toBe('');
      expect(parts[0]).toMatch(/^aws-waf-logs-[\w-]+-$/);
      expect(parts[1]).toEqual({
        'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }],
      });
      // Prefix, web ACL name (128 at most) and a stack UUID stay far below the 512 allowed.
      expect(String(parts[0]).length + 36).toBeLessThanOrEqual(512);
    });

    it(`${target}: relies on the account-level policy, adding no resource policy of its own`, () => {
      api.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
      const [group] = wafLogGroups();
      const [, parts] = (group!.Properties['LogGroupName'] as { 'Fn::Join': [string, unknown[]] })[
        'Fn::Join'
      ];
      const resource = (
        wafLogResourcePolicy('eu-west-1', '111122223333') as {
          Statement: { Resource: string }[];
        }
      ).Statement[0]!.Resource;
      const covered = new RegExp(
        `^${resource.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
      );
      const arn = `arn:aws:logs:eu-west-1:111122223333:log-group:${String(parts[0])}0b1f-uuid:log-stream:eu-west-1_acl_0`;
      expect(arn).toMatch(covered);
    });
  }
});

// The alarms and the dashboard are asserted on the constructs: amplify/monitoring/monitoring.test.ts.

describe('edge settings per environment', () => {
  const targets = {
    prod: { environment: 'prod', branch: 'main', appId: 'mlgateway' },
    dev: { environment: 'dev', branch: 'dev', appId: 'mlgateway' },
  } as const;

  for (const name of ['prod', 'dev'] as const) {
    const settings = loadSettings(SYNTH_TARGETS[name].env, targets[name]);
    const api = nestedStack('api', name);

    it(`${name}: stage throttling, WAF rate and log retention follow the settings`, () => {
      const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
      expect(stage.Properties['MethodSettings']).toContainEqual(
        expect.objectContaining({
          ResourcePath: '/*',
          ThrottlingRateLimit: settings.api.throttleRateLimit,
          ThrottlingBurstLimit: settings.api.throttleBurstLimit,
        }),
      );
      const [[, acl]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
      expect(JSON.stringify(acl.Properties['Rules'])).toContain(
        `"Limit":${settings.waf.ratePerFiveMinutes}`,
      );
      for (const [, group] of resourcesOf(api, 'AWS::Logs::LogGroup'))
        expect(group.Properties['RetentionInDays']).toBe(settings.logRetentionDays);
    });

    it(`${name}: CORS and gateway errors name the environment's origins only`, () => {
      const preflight = JSON.stringify(
        resourcesOf(api, 'AWS::ApiGateway::Method').find(
          ([, m]) => m.Properties['HttpMethod'] === 'OPTIONS',
        )![1].Properties['Integration'],
      );
      for (const origin of settings.allowedOrigins) expect(preflight).toContain(origin);
      if (name === 'prod') expect(preflight).not.toContain('localhost');
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'UNAUTHORIZED',
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': `'${primaryOrigin(settings.allowedOrigins)}'`,
        }),
      });
    });

    it(`${name}: alarm mail and the billing alarm follow the settings`, () => {
      api.resourceCountIs('AWS::SNS::Subscription', settings.alarmEmails.length);
      const billing = resourcesOf(api, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
        String(a.Properties['AlarmDescription']).endsWith('(EstimatedCharges)'),
      );
      expect(billing.map(([, a]) => a.Properties['Threshold'])).toEqual(
        settings.billingAlarmUsd === undefined ? [] : [settings.billingAlarmUsd],
      );
    });
  }

  it('names the deployed app, never localhost, in the static CORS headers of dev and prod', () => {
    expect(primaryOrigin(loadSettings(SYNTH_TARGETS.dev.env, targets.dev).allowedOrigins)).toBe(
      'https://dev.mlgateway.amplifyapp.com',
    );
    expect(primaryOrigin(loadSettings(SYNTH_TARGETS.prod.env, targets.prod).allowedOrigins)).toBe(
      'https://ml.example.com',
    );
  });

  it('dev keeps the access logs 30 days, prod longer', () => {
    expect(loadSettings(SYNTH_TARGETS.dev.env, targets.dev).logRetentionDays).toBe(30);
    expect(loadSettings(SYNTH_TARGETS.prod.env, targets.prod).logRetentionDays).toBeGreaterThan(30);
  });
});
