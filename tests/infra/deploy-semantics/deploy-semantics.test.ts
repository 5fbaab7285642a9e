import { describe, expect, it } from 'vitest';

import { checkAlarmTopics } from './alarm-topics.ts';
import { checkDeletionProtection } from './deletion-protection.ts';
import { checkLogRetention } from './log-retention.ts';
import { type MetricScope, sharedMetrics } from './metric-identities.ts';
import { checkRetainedNames, sharedPhysicalNames } from './physical-names.ts';

/** One template named `stack` with these resources. */
const stack = (resources: Record<string, unknown>) => ({ stack: { Resources: resources } });
const rulesOf = (findings: { rule: string; logicalId: string }[]) =>
  findings.map((f) => `${f.rule} ${f.logicalId}`);

describe('alarm topics CloudWatch may publish to', () => {
  const alarm = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmActions: [{ Ref: 'Topic' }] },
  };
  const topic = { Type: 'AWS::SNS::Topic', Properties: {} };
  const policy = (statements: unknown[]) => ({
    Type: 'AWS::SNS::TopicPolicy',
    Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: { Statement: statements } },
  });
  const sslOnly = {
    Effect: 'Deny',
    Principal: '*',
    Action: 'sns:Publish',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  it('fires on the SSL-only topic policy enforceSSL adds, which leaves CloudWatch no Allow', () => {
    const templates = stack({ Alarm: alarm, Topic: topic, Policy: policy([sslOnly]) });
    expect(rulesOf(checkAlarmTopics(templates))).toEqual(['alarm-topic-policy Policy']);
  });

  it('passes when the policy allows CloudWatch to publish, or when the topic keeps its default policy', () => {
    const allowCloudWatch = {
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
    };
    expect(
      checkAlarmTopics(
        stack({ Alarm: alarm, Topic: topic, Policy: policy([sslOnly, allowCloudWatch]) }),
      ),
    ).toEqual([]);
    expect(checkAlarmTopics(stack({ Alarm: alarm, Topic: topic }))).toEqual([]);
  });
});

describe('retained resources and physical names', () => {
  const logGroup = (name: unknown, policy?: string) => ({
    Type: 'AWS::Logs::LogGroup',
    Properties: { LogGroupName: name, RetentionInDays: 30 },
    ...(policy ? { DeletionPolicy: policy, UpdateReplacePolicy: 'Retain' } : {}),
  });

  it('fires on a retained resource with a fixed literal name, Retain or RetainExceptOnCreate', () => {
    const templates = stack({
      Kept: logGroup('aws-waf-logs-ml-gateway', 'Retain'),
      KeptOnUpdate: logGroup('aws-waf-logs-ml-gateway-2', 'RetainExceptOnCreate'),
      Generated: logGroup(
        { 'Fn::Join': ['-', ['aws-waf-logs', { Ref: 'AWS::StackName' }]] },
        'Retain',
      ),
      NotRetained: logGroup('aws-waf-logs-ml-gateway-3'),
    });
    expect(rulesOf(checkRetainedNames(templates))).toEqual([
      'retained-fixed-name Kept',
      'retained-fixed-name KeptOnUpdate',
    ]);
  });

  it('fires on a literal name two deployments share, and on nothing else', () => {
    const dev = stack({
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'ml-gateway-dev' } },
      Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { Domain: 'ml-gateway-dev' } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
    });
    const feature = stack({
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'ml-gateway-dev' } },
      Domain: {
        Type: 'AWS::Cognito::UserPoolDomain',
        Properties: { Domain: 'ml-gateway-feature-1' },
      },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
    });
    expect(rulesOf(sharedPhysicalNames(dev, feature))).toEqual(['shared-physical-name Api']);
  });
});

describe('metrics shared between deployments', () => {
  const scope: MetricScope = {
    ownedNamespaces: [/^AWS\/ApiGateway$/, /^MLGateway\//],
    perDeploymentLogFields: ['$.apiId'],
  };
  const apiAlarm = (apiName: string) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: [
        { Name: 'ApiName', Value: apiName },
        { Name: 'Stage', Value: { Ref: 'Stage' } },
      ],
    },
  });
  const filter = (dimensions?: unknown) => ({
    Type: 'AWS::Logs::MetricFilter',
    Properties: {
      MetricTransformations: [
        {
          MetricNamespace: 'MLGateway/Edge',
          MetricName: 'AuthorizerFailures',
          MetricValue: '1',
          Dimensions: dimensions,
        },
      ],
    },
  });
  const deployment = (apiName: string, filterDimensions?: unknown) =>
    stack({
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'v1' } },
      Alarm: apiAlarm(apiName),
      Filter: filter(filterDimensions),
      LambdaAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Fn' } }],
        },
      },
    });

  it('fires on API Gateway metrics keyed by the same ApiName and on metric filters without a per-deployment dimension', () => {
    expect(
      rulesOf(sharedMetrics(deployment('ml-gateway-dev'), deployment('ml-gateway-dev'), scope)),
    ).toEqual(['shared-metric Alarm', 'shared-metric Filter']);
  });

  it('passes with a unique ApiName and an API id dimension; generated names are never shared', () => {
    const apiId = [{ Key: 'ApiId', Value: '$.apiId' }];
    expect(
      sharedMetrics(
        deployment('ml-gateway-dev-a1', apiId),
        deployment('ml-gateway-dev-b2', apiId),
        scope,
      ),
    ).toEqual([]);
  });
});

describe('log retention', () => {
  const fn = (properties: Record<string, unknown> = {}) => ({
    Type: 'AWS::Lambda::Function',
    Properties: properties,
  });

  it('fires on a log group without retention and a function whose default log group is undeclared', () => {
    const templates = stack({
      Forever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Fn: fn(),
    });
    expect(rulesOf(checkLogRetention(templates))).toEqual([
      'log-retention Forever',
      'log-retention Fn',
    ]);
  });

  it('passes for a LoggingConfig log group, a declared /aws/lambda group, or CDK LogRetention', () => {
    const templates = stack({
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      Configured: fn({ LoggingConfig: { LogGroup: { Ref: 'Group' } } }),
      Declared: fn(),
      DeclaredGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          RetentionInDays: 30,
          LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Declared' }]] },
        },
      },
      Named: fn({ FunctionName: 'ml-gateway-dev-worker' }),
      NamedGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 7, LogGroupName: '/aws/lambda/ml-gateway-dev-worker' },
      },
      ByCdk: fn(),
      ByCdkRetention: {
        Type: 'Custom::LogRetention',
        Properties: { RetentionInDays: 7, LogGroupName: { 'Fn::Sub': '/aws/lambda/${ByCdk}' } },
      },
    });
    expect(checkLogRetention(templates)).toEqual([]);
  });
});

describe('deletion protection and removal policy', () => {
  it('fires on deletion protection without DeletionPolicy Retain (Delete or RetainExceptOnCreate)', () => {
    const templates = stack({
      Pool: {
        Type: 'AWS::Cognito::UserPool',
        Properties: { DeletionProtection: 'ACTIVE' },
        DeletionPolicy: 'Delete',
      },
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: { DeletionProtectionEnabled: true },
        DeletionPolicy: 'RetainExceptOnCreate',
      },
      Kept: {
        Type: 'AWS::DynamoDB::Table',
        Properties: { DeletionProtectionEnabled: true },
        DeletionPolicy: 'Retain',
      },
      Unprotected: {
        Type: 'AWS::Cognito::UserPool',
        Properties: { DeletionProtection: 'INACTIVE' },
      },
    });
    expect(rulesOf(checkDeletionProtection(templates))).toEqual([
      'deletion-protection-policy Pool',
      'deletion-protection-policy Table',
    ]);
  });
});
