import { describe, expect, it } from 'vitest';

import {
  ApiModelsMissingError,
  BotocoreModels,
  locateModelsDir,
  MODELS_DIR_VARIABLE,
} from './botocore-models.ts';
import { toModifierGroups, validateTemplates } from './template-validator.ts';

const models = new BotocoreModels();

/** A template holding one resource, the way CDK synthesizes it. */
const templateWith = (type: string, properties: Record<string, unknown>) => ({
  test: { Resources: { Subject: { Type: type, Properties: properties } } },
});

const webAcl = (overrides: Record<string, unknown>) =>
  templateWith('AWS::WAFv2::WebACL', {
    Name: 'ml-gateway-sandbox',
    Scope: 'REGIONAL',
    DefaultAction: { Allow: {} },
    VisibilityConfig: {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: 'ml-gateway-sandbox',
    },
    ...overrides,
  });

const violationsOf = (templates: Record<string, unknown>) =>
  validateTemplates(templates, models).violations.map(({ path, constraint }) => ({
    path,
    constraint,
  }));

describe('AWS API-model validation of a template', () => {
  it('accepts a web ACL the WAFv2 API accepts', () => {
    const report = validateTemplates(
      webAcl({ Description: 'ML Gateway API, sandbox environment' }),
      models,
    );
    expect(report.violations).toEqual([]);
    expect([...report.checkedTypes]).toEqual(['AWS::WAFv2::WebACL']);
  });

  it('refuses the web ACL description with parentheses that rolled back the api stack', () => {
    const report = validateTemplates(webAcl({ Description: 'ML Gateway API (sandbox)' }), models);
    expect(report.violations).toEqual([
      {
        template: 'test',
        logicalId: 'Subject',
        resourceType: 'AWS::WAFv2::WebACL',
        path: 'Description',
        value: 'ML Gateway API (sandbox)',
        constraint: expect.stringMatching(/^EntityDescription: must match pattern \^\[/),
      },
    ]);
  });

  it('refuses a name longer than the API allows', () => {
    expect(violationsOf(webAcl({ Name: 'n'.repeat(129) }))).toEqual([
      { path: 'Name', constraint: 'EntityName: at most 128 characters (has 129)' },
    ]);
  });

  it('refuses a value outside an enum', () => {
    expect(violationsOf(webAcl({ Scope: 'GLOBAL' }))).toEqual([
      { path: 'Scope', constraint: 'Scope: one of CLOUDFRONT, REGIONAL' },
    ]);
  });

  it('refuses an out-of-range number deep inside nested structures, given as a number or a string', () => {
    const rateRule = (limit: unknown) => ({
      Name: 'rate',
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: limit, AggregateKeyType: 'IP' } },
      VisibilityConfig: {
        SampledRequestsEnabled: true,
        CloudWatchMetricsEnabled: true,
        MetricName: 'rate',
      },
    });
    expect(violationsOf(webAcl({ Rules: [rateRule(5), rateRule('9')] }))).toEqual([
      { path: 'Rules[0].Statement.RateBasedStatement.Limit', constraint: 'RateLimit: at least 10' },
      { path: 'Rules[1].Statement.RateBasedStatement.Limit', constraint: 'RateLimit: at least 10' },
    ]);
  });

  it('skips intrinsic values but checks the literal strings beside them in a list', () => {
    const template = templateWith('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, 'arn:short'],
    });
    expect(violationsOf(template)).toEqual([
      {
        path: 'LogDestinationConfigs[1]',
        constraint: 'ResourceArn: at least 20 characters (has 9)',
      },
    ]);
  });

  it('follows CloudFormation names that differ from the API (UserPoolName is PoolName)', () => {
    const template = templateWith('AWS::Cognito::UserPool', { UserPoolName: 'p'.repeat(129) });
    expect(violationsOf(template)).toEqual([
      { path: 'UserPoolName', constraint: 'UserPoolNameType: at most 128 characters (has 129)' },
    ]);
  });

  it('checks camelCase APIs through PascalCase properties (API Gateway, Logs)', () => {
    const template = templateWith('AWS::Logs::LogGroup', {
      LogGroupName: '***',
      RetentionInDays: 'forever',
    });
    expect(violationsOf(template)).toEqual([
      { path: 'LogGroupName', constraint: expect.stringMatching(/^LogGroupName: must match/) },
      { path: 'RetentionInDays', constraint: 'Days: a number' },
    ]);
  });

  it('reports every violation of every template at once, and a resource type it cannot map', () => {
    const report = validateTemplates(
      {
        ...webAcl({ Scope: 'GLOBAL', Name: 'spaces are not allowed' }),
        other: { Resources: { Thing: { Type: 'AWS::Unknown::Thing', Properties: {} } } },
      },
      models,
    );
    expect(report.violations.map((v) => `${v.template}/${v.logicalId} ${v.path}`)).toEqual([
      'test/Subject Name',
      'test/Subject Scope',
      'other/Thing ',
    ]);
    expect(report.violations[2]!.constraint).toMatch(/missing from .*resource-apis\.ts/);
  });

  it('matches a pattern anywhere in the value unless the pattern anchors it (Smithy pattern trait)', () => {
    // LogGroupName's pattern is [\.\-_/#A-Za-z0-9]+ without anchors; WebACL names are ^[\w\-]+$.
    expect(violationsOf(templateWith('AWS::Logs::LogGroup', { LogGroupName: 'a b' }))).toEqual([]);
    expect(violationsOf(webAcl({ Name: 'a b' }))).toEqual([
      { path: 'Name', constraint: 'EntityName: must match pattern ^[\\w\\-]+$' },
    ]);
  });

  it('rewrites Java inline flags as ECMAScript modifier groups', () => {
    expect(toModifierGroups('(?s).*')).toBe('(?s:.*)');
    const budgetName = new RegExp(
      toModifierGroups('^(?![^:\\\\]*/action/|(?i).*<script>.*</script>.*)[^:\\\\]+$'),
      'u',
    );
    expect(budgetName.test('ml-gateway monthly')).toBe(true);
    expect(budgetName.test('x<SCRIPT>y</script>')).toBe(false);
  });
});

describe('locating the AWS API models', () => {
  it('finds botocore models on this machine', () => {
    expect(models.service('wafv2').operations['CreateWebACL']).toBeDefined();
  });

  it('says how to get them when they are absent', () => {
    expect(() => locateModelsDir({ [MODELS_DIR_VARIABLE]: '/nonexistent/botocore/data' })).toThrow(
      ApiModelsMissingError,
    );
    expect(() => locateModelsDir({ [MODELS_DIR_VARIABLE]: '/nonexistent/botocore/data' })).toThrow(
      /pip install botocore[\s\S]*apt-get install python3-botocore[\s\S]*AWS_API_MODELS_DIR/,
    );
  });
});
