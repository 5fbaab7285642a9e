import { Token } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';

import { type RouteDefinition, ROUTES } from '../contract/routes.ts';
import {
  bodyRuleMatchOutsidePromptRoutes,
  bodyRulesOf,
  MANAGED_BODY_RULES,
  promptRoutePatterns,
} from './managed-body-rules.ts';

/** A request as the web ACL's statements see it. */
interface Probe {
  method: string;
  uriPath: string;
  labels: readonly string[];
}

/**
 * Evaluates the statement kinds the builder emits, with WAF's semantics for them (label match
 * on the full label, byte match EXACTLY, regex on the URI path), so the tests check what the
 * rule decides rather than how it is spelled.
 */
function matches(statement: CfnWebACL.StatementProperty, probe: Probe): boolean {
  const s = statement as Record<string, Record<string, unknown>>;
  if (s['andStatement'])
    return (s['andStatement']['statements'] as CfnWebACL.StatementProperty[]).every((x) =>
      matches(x, probe),
    );
  if (s['orStatement'])
    return (s['orStatement']['statements'] as CfnWebACL.StatementProperty[]).some((x) =>
      matches(x, probe),
    );
  if (s['notStatement'])
    return !matches(s['notStatement']['statement'] as CfnWebACL.StatementProperty, probe);
  if (s['labelMatchStatement']) {
    expect(s['labelMatchStatement']['scope']).toBe('LABEL');
    return probe.labels.includes(s['labelMatchStatement']['key'] as string);
  }
  if (s['byteMatchStatement']) {
    expect(s['byteMatchStatement']['fieldToMatch']).toEqual({ method: {} });
    expect(s['byteMatchStatement']['positionalConstraint']).toBe('EXACTLY');
    return probe.method === s['byteMatchStatement']['searchString'];
  }
  if (s['regexMatchStatement']) {
    expect(s['regexMatchStatement']['fieldToMatch']).toEqual({ uriPath: {} });
    return new RegExp(s['regexMatchStatement']['regexString'] as string).test(probe.uriPath);
  }
  throw new Error(`unexpected statement ${JSON.stringify(statement)}`);
}

const blocks = (probe: Probe) => matches(bodyRuleMatchOutsidePromptRoutes(ROUTES, 'v1'), probe);
const label = (rule: string) => MANAGED_BODY_RULES.find((r) => r.rule === rule)!.label;

describe('managed body rules', () => {
  it('names the documented body rules of the Common and Known Bad Inputs groups', () => {
    expect(bodyRulesOf('AWSManagedRulesCommonRuleSet').sort()).toEqual([
      'CrossSiteScripting_BODY',
      'EC2MetaDataSSRF_BODY',
      'GenericLFI_BODY',
      'GenericRFI_BODY',
      'SizeRestrictions_BODY',
    ]);
    expect(bodyRulesOf('AWSManagedRulesKnownBadInputsRuleSet').sort()).toEqual([
      'JavaDeserializationRCE_BODY',
      'Log4JRCE_BODY',
    ]);
  });

  it.each(MANAGED_BODY_RULES.map((r) => [r.rule, r] as const))(
    '%s: labels in its group namespace, in the documented spelling, within the WAF label pattern',
    (_name, r) => {
      const namespace =
        r.group === 'AWSManagedRulesCommonRuleSet'
          ? 'awswaf:managed:aws:core-rule-set:'
          : 'awswaf:managed:aws:known-bad-inputs:';
      // The documented labels keep the rule's stem and end in `_Body`, not `_BODY`.
      expect(r.label).toBe(`${namespace}${r.rule.replace(/_BODY$/, '_Body')}`);
      expect(r.label).toMatch(/^[0-9A-Za-z_\-:]{1,1024}$/);
      expect(r.whyCountedOnPromptRoutes.length).toBeGreaterThan(10);
    },
  );

  it.each([
    ['a Log4Shell question quoting ${jndi:ldap://...}', 'Log4JRCE_BODY'],
    ['Java code calling Runtime.getRuntime().exec', 'JavaDeserializationRCE_BODY'],
    ['a shell question with ../../etc/hosts', 'GenericLFI_BODY'],
    ['an nginx config with http://10.0.0.5/', 'GenericRFI_BODY'],
    ['an HTML question with <script>', 'CrossSiteScripting_BODY'],
    ['an IMDS question quoting 169.254.169.254', 'EC2MetaDataSSRF_BODY'],
    ['a prompt longer than 8 KB', 'SizeRestrictions_BODY'],
  ])('lets %s reach every prompt route (%s counts there)', (_prompt, rule) => {
    for (const route of ROUTES.filter((r) => r.carriesPromptText)) {
      const uriPath = `/v1${route.path.replace(/\{\w+\}/g, 'c0ffee-42')}`;
      expect(blocks({ method: route.method, uriPath, labels: [label(rule)] }), uriPath).toBe(false);
    }
  });

  it.each(MANAGED_BODY_RULES.map((r) => r.rule))(
    '%s still blocks outside the prompt routes',
    (rule) => {
      for (const probe of [
        { method: 'GET', uriPath: '/v1/ml/models' },
        { method: 'POST', uriPath: '/v1/ml/models' },
        { method: 'GET', uriPath: '/v1/ml/bedrock' },
        { method: 'PUT', uriPath: '/v1/ml/bedrock' },
        { method: 'POST', uriPath: '/v1/ml/bedrock/' },
        { method: 'POST', uriPath: '/v1/ml/bedrock/other' },
        { method: 'POST', uriPath: '/ml/bedrock' },
        { method: 'POST', uriPath: '/v2/ml/bedrock' },
        { method: 'POST', uriPath: '/v1/ML/bedrock' },
        { method: 'POST', uriPath: '/v1/ml/%62edrock' },
        { method: 'POST', uriPath: '/v1/ml/bedrockXstream' },
        { method: 'PUT', uriPath: '/v1/history/conversations/' },
        { method: 'PUT', uriPath: '/v1/history/conversations/a/b' },
        { method: 'POST', uriPath: '/v1/history/conversations/a' },
        { method: 'DELETE', uriPath: '/v1/history/conversations/a' },
        { method: 'GET', uriPath: '/v1/usage/report' },
      ])
        expect(blocks({ ...probe, labels: [label(rule)] }), JSON.stringify(probe)).toBe(true);
    },
  );

  it('never blocks a request no managed body rule labelled', () => {
    for (const uriPath of ['/v1/ml/models', '/v1/ml/bedrock', '/v1/anything'])
      expect(blocks({ method: 'POST', uriPath, labels: [] })).toBe(false);
    expect(
      blocks({
        method: 'GET',
        uriPath: '/v1/ml/models',
        labels: ['awswaf:managed:aws:core-rule-set:NoUserAgent_Header'],
      }),
    ).toBe(false);
  });

  it('builds one anchored pattern per method from the route table, stage first', () => {
    const routes: RouteDefinition[] = [
      {
        method: 'POST',
        path: '/a.b',
        groups: [],
        target: 'bedrock',
        carriesPromptText: true,
        description: '',
      },
      {
        method: 'POST',
        path: '/c/{id}',
        groups: [],
        target: 'bedrock',
        carriesPromptText: true,
        description: '',
      },
      {
        method: 'PUT',
        path: '/d',
        groups: [],
        target: 'bedrock',
        carriesPromptText: true,
        description: '',
      },
      { method: 'GET', path: '/e', groups: [], target: 'bedrock', description: '' },
    ];
    expect(promptRoutePatterns(routes, 'v1')).toEqual({
      POST: '^/v1(?:/a\\.b|/c/[^/]+)$',
      PUT: '^/v1(?:/d)$',
    });
  });

  it('refuses a stage name that is a token, which no regex could contain', () => {
    expect(() => promptRoutePatterns(ROUTES, Token.asString({ Ref: 'Stage' }))).toThrow(
      /literal stage name/,
    );
  });

  it('keeps every pattern within the 512 characters WAF allows for a regex', () => {
    for (const pattern of Object.values(promptRoutePatterns(ROUTES, 'v1')))
      expect(pattern.length).toBeLessThanOrEqual(512);
  });

  it('blocks every labelled request when no route carries prompt text', () => {
    const routes = ROUTES.map(({ carriesPromptText: _ignored, ...route }) => route);
    expect(
      matches(bodyRuleMatchOutsidePromptRoutes(routes, 'v1'), {
        method: 'POST',
        uriPath: '/v1/ml/bedrock',
        labels: [label('Log4JRCE_BODY')],
      }),
    ).toBe(true);
  });
});
