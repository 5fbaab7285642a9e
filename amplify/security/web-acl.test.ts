import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { describe, expect, it } from 'vitest';

import { primaryOrigin } from '../contract/gateway.ts';
import { WAF_BLOCK_RESPONSES } from '../contract/gateway-errors.ts';
import { type EnvironmentSettings, loadSettings } from '../settings/index.ts';
import { bodyRulesOf, MANAGED_BODY_RULES } from './managed-body-rules.ts';
import { ApiWebAcl, WAF_RULES } from './web-acl.ts';

/** The web ACL alone in a stack, in front of a minimal REST API stage. */
function webAclTemplate(settings: EnvironmentSettings): Template {
  const stack = new Stack(new App(), 'WebAcl', { env: { region: 'eu-west-1' } });
  const api = new RestApi(stack, 'Api', { deployOptions: { stageName: 'v1' } });
  api.root.addMethod('GET');
  new ApiWebAcl(stack, 'ApiWebAcl', { settings, stage: api.deploymentStage });
  return Template.fromStack(stack);
}

const sandbox = loadSettings({}, { environment: 'sandbox' });
const prod = loadSettings(
  {
    ENTRA_METADATA_URL: 'https://idp.example.com/federationmetadata.xml',
    ALLOWED_ORIGINS: 'https://ml.example.com',
    AUTH_DOMAIN_PREFIX: 'example-ml-gateway',
  },
  { environment: 'prod', branch: 'main', appId: 'app123' },
);

interface Rule {
  Name: string;
  Priority: number;
  Action?: unknown;
  Statement: Record<string, Record<string, unknown>>;
}

const template = webAclTemplate(sandbox);
const aclProperties = () =>
  Object.values(template.findResources('AWS::WAFv2::WebACL'))[0]!['Properties'] as Record<
    string,
    unknown
  >;
const rules = () => aclProperties()['Rules'] as Rule[];
const ruleNamed = (name: string) => {
  const found = rules().find((rule) => rule.Name === name);
  if (!found) throw new Error(`no WAF rule ${name}`);
  return found;
};

/** A block answered by WAF itself in the JSON envelope, readable by the app (CORS). */
const blockAnswering = (status: number, bodyKey: string) => ({
  Block: {
    CustomResponse: {
      ResponseCode: status,
      CustomResponseBodyKey: bodyKey,
      ResponseHeaders: expect.arrayContaining([
        { Name: 'Access-Control-Allow-Origin', Value: primaryOrigin(sandbox.allowedOrigins) },
      ]),
    },
  },
});

describe('ApiWebAcl', () => {
  it('is one REGIONAL web ACL that allows by default, associated with the stage', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
    });
    const [stageId] = Object.keys(template.findResources('AWS::ApiGateway::Stage'));
    const [aclId] = Object.keys(template.findResources('AWS::WAFv2::WebACL'));
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
    const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0]!;
    expect(JSON.stringify(association['Properties']['ResourceArn'])).toContain(stageId);
  });

  it('answers each of its own blocks in the JSON envelope of docs/api.md', () => {
    const bodies = aclProperties()['CustomResponseBodies'] as Record<
      string,
      { Content: string; ContentType: string }
    >;
    expect(Object.keys(bodies).sort()).toEqual(Object.keys(WAF_BLOCK_RESPONSES).sort());
    for (const [block, response] of Object.entries(WAF_BLOCK_RESPONSES)) {
      expect(bodies[block]!.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(bodies[block]!.Content)).toEqual({
        success: false,
        error: { code: response.code, message: response.message },
      });
    }
  });

  it('refuses POST, PUT and PATCH without a Content-Length with 411, so a chunked body cannot skip the size rule', () => {
    const rule = ruleNamed(WAF_RULES.lengthRequired);
    expect(rule.Action).toMatchObject(blockAnswering(411, 'lengthRequired'));
    const [method, missing] = rule.Statement['AndStatement']!['Statements'] as Record<
      string,
      Record<string, unknown>
    >[];
    expect(method!['RegexMatchStatement']).toMatchObject({
      FieldToMatch: { Method: {} },
      RegexString: '^(?:POST|PUT|PATCH)$',
    });
    const pattern = new RegExp(method!['RegexMatchStatement']!['RegexString'] as string);
    for (const verb of ['POST', 'PUT', 'PATCH']) expect(pattern.test(verb), verb).toBe(true);
    for (const verb of ['GET', 'DELETE', 'OPTIONS', 'POSTX'])
      expect(pattern.test(verb), verb).toBe(false);
    // A missing header never matches a SingleHeader statement: NOT(header has a value).
    expect(missing).toEqual({
      NotStatement: {
        Statement: {
          SizeConstraintStatement: {
            FieldToMatch: { SingleHeader: { Name: 'content-length' } },
            ComparisonOperator: 'GT',
            Size: 0,
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
    });
    // Before the managed groups, beside the size rule it protects.
    expect(rule.Priority).toBe(ruleNamed(WAF_RULES.bodySize).Priority + 1);
  });

  it('blocks bodies declared larger than the body limit with 413', () => {
    const rule = ruleNamed(WAF_RULES.bodySize);
    expect(rule.Action).toMatchObject(blockAnswering(413, 'tooLarge'));
    const statement = rule.Statement['RegexMatchStatement']!;
    expect(statement['FieldToMatch']).toEqual({ SingleHeader: { Name: 'content-length' } });
    const pattern = new RegExp(statement['RegexString'] as string);
    expect(pattern.test(String(sandbox.api.maxBodyBytes))).toBe(false);
    expect(pattern.test(String(sandbox.api.maxBodyBytes + 1))).toBe(true);
  });

  it('rate-limits each IP to the configured requests per 5 minutes, answering 429 with Retry-After', () => {
    const rule = ruleNamed(WAF_RULES.rateLimit);
    expect(rule.Action).toMatchObject(blockAnswering(429, 'throttled'));
    expect(JSON.stringify(rule.Action)).toContain('"Name":"Retry-After"');
    expect(rule.Statement['RateBasedStatement']).toMatchObject({
      Limit: sandbox.waf.ratePerFiveMinutes,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
  });

  it('runs the AWS Common, Known Bad Inputs and Amazon IP reputation rule sets', () => {
    const managed = rules()
      .map((rule) => rule.Statement['ManagedRuleGroupStatement'])
      .filter(Boolean)
      .map((statement) => `${statement!['VendorName'] as string}/${statement!['Name'] as string}`);
    expect(managed.sort()).toEqual([
      'AWS/AWSManagedRulesAmazonIpReputationList',
      'AWS/AWSManagedRulesCommonRuleSet',
      'AWS/AWSManagedRulesKnownBadInputsRuleSet',
    ]);
  });

  it('only counts the body rules inside the groups, and blocks them afterwards outside prompt routes', () => {
    const groups = [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ] as const;
    const groupRule = (group: string) =>
      rules().find((rule) => rule.Statement['ManagedRuleGroupStatement']?.['Name'] === group)!;
    for (const group of groups) {
      const overrides = groupRule(group).Statement['ManagedRuleGroupStatement']![
        'RuleActionOverrides'
      ] as { Name: string; ActionToUse: unknown }[];
      expect(overrides.map((o) => o.Name).sort()).toEqual(bodyRulesOf(group).sort());
      for (const override of overrides) expect(override.ActionToUse).toEqual({ Count: {} });
    }
    const blocking = ruleNamed(WAF_RULES.bodyRulesOutsidePromptRoutes);
    expect(blocking.Action).toEqual({ Block: {} });
    for (const group of groups)
      expect(blocking.Priority).toBeGreaterThan(groupRule(group).Priority);
    const [labelled, outside] = blocking.Statement['AndStatement']!['Statements'] as Record<
      string,
      Record<string, unknown>
    >[];
    expect(labelled!['OrStatement']!['Statements']).toEqual(
      MANAGED_BODY_RULES.map((r) => ({ LabelMatchStatement: { Scope: 'LABEL', Key: r.label } })),
    );
    const json = JSON.stringify(outside!['NotStatement']);
    expect(json).toContain('"RegexString":"^/v1(?:/history/conversations/[^/]+)$"');
    expect(json).not.toContain('"SearchString":"GET"');
  });

  it('inspects the default 16 KB of a body and keeps bodies out of logs and samples', () => {
    expect(aclProperties()['AssociationConfig']).toEqual({
      RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } },
    });
    expect(aclProperties()['DataProtectionConfig']).toEqual({
      DataProtections: [
        {
          Field: { FieldType: 'BODY' },
          Action: 'SUBSTITUTION',
          ExcludeRuleMatchDetails: false,
          ExcludeRateBasedDetails: false,
        },
      ],
    });
  });

  it('logs only blocked and counted requests (EXCLUDED_AS_COUNT too), Authorization redacted', () => {
    const [aclId] = Object.keys(template.findResources('AWS::WAFv2::WebACL'));
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: ['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT'].map((Action) => ({
              ActionCondition: { Action },
            })),
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': ['', [Match.stringLikeRegexp('^aws-waf-logs-'), Match.anyValue()]],
      },
      RetentionInDays: sandbox.logRetentionDays,
    });
  });

  it('has no IP allow-list unless one is configured', () => {
    template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    expect(rules().map((rule) => rule.Name)).not.toContain(WAF_RULES.allowList);
  });

  it('blocks every address outside the configured CIDRs first, one IP set per family', () => {
    const cidrs = ['10.0.0.0/8', '2001:db8::/32'];
    const locked = webAclTemplate({ ...sandbox, waf: { ...sandbox.waf, allowedIpCidrs: cidrs } });
    const sets = Object.values(locked.findResources('AWS::WAFv2::IPSet')).map(
      (set) => set['Properties'] as { Addresses: string[]; IPAddressVersion: string },
    );
    expect(sets.map((set) => [set.IPAddressVersion, set.Addresses])).toEqual([
      ['IPV4', ['10.0.0.0/8']],
      ['IPV6', ['2001:db8::/32']],
    ]);
    const acl = Object.values(locked.findResources('AWS::WAFv2::WebACL'))[0]!;
    const [first] = acl['Properties']['Rules'] as Rule[];
    expect(first).toMatchObject({
      Name: WAF_RULES.allowList,
      Priority: 0,
      Action: { Block: { CustomResponse: expect.objectContaining({ ResponseCode: 403 }) } },
      Statement: { NotStatement: { Statement: { OrStatement: expect.anything() } } },
    });
  });

  it.each([
    ['sandbox', sandbox, 'Delete', 'Delete'],
    ['prod', prod, 'RetainExceptOnCreate', 'Retain'],
  ] as const)(
    '%s: its log group follows the environment removal policy',
    (_name, settings, deletion, replace) => {
      webAclTemplate(settings).hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: deletion,
        UpdateReplacePolicy: replace,
      });
    },
  );
});
