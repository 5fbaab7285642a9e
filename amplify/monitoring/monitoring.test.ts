import { readFileSync } from 'node:fs';
import path from 'node:path';

import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';

import { MlRestApi } from '../api/rest-api.ts';
import { CATALOG, type SageMakerEndpoint, variantNameOf } from '../catalog.ts';
import { ROUTES } from '../contract/routes.ts';
import { ApiWebAcl } from '../security/web-acl.ts';
import { type EnvironmentSettings, loadSettings } from '../settings/index.ts';
import { ALARM_IDS, ALARM_THRESHOLDS, type AlarmId, MlAlarms } from './alarms.ts';
import { MlDashboard } from './dashboard.ts';
import { addAuthorizerMetricFilters, monitoredFunction } from './metrics.ts';

interface Resource {
  Properties: Record<string, unknown>;
}

const sandbox = loadSettings({}, { environment: 'sandbox' });
const lockedDown: EnvironmentSettings = {
  ...sandbox,
  alarmEmails: ['ops@example.com', 'oncall@example.com'],
  billingAlarmUsd: 500,
};

/**
 * The alarms and the dashboard over what they watch, wired as amplify/backend.ts wires them:
 * the REST API, the web ACL and stand-in functions named like Amplify's (logical id prefixes).
 */
function monitoringTemplate(settings: EnvironmentSettings): Template {
  const stack = new Stack(new App(), 'Monitoring', { env: { region: 'eu-west-1' } });
  const fn = (id: string, timeoutSeconds: number) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({});'),
      timeout: Duration.seconds(timeoutSeconds),
      // As esmFunction does: a log group of the function's own.
      logGroup: new LogGroup(stack, `${id}Logs`),
    });
  const authorizer = fn('apiauthorizerlambda', 5);
  const bedrock = {
    buffered: fn('mlbedrockprocessorlambda', 30),
    streaming: fn('mlbedrockstreamprocessorlambda', 900),
  };
  const sagemaker = {
    buffered: fn('mlsagemakerprocessorlambda', 30),
    streaming: fn('mlsagemakerstreamprocessorlambda', 900),
  };
  const restApi = new MlRestApi(stack, 'MlRestApi', {
    settings,
    routes: ROUTES,
    authorizerFunction: authorizer,
    targets: {
      bedrock,
      sagemaker,
      usage: { buffered: fn('usageapilambda', 15) },
    },
  });
  const webAcl = new ApiWebAcl(stack, 'ApiWebAcl', {
    settings,
    stage: restApi.api.deploymentStage,
  });
  const monitored = {
    api: restApi.api,
    accessLogs: restApi.accessLogs,
    authorizer,
    processors: [
      monitoredFunction('ml-bedrock-processor', bedrock.buffered),
      monitoredFunction('ml-bedrock-stream-processor', bedrock.streaming),
      monitoredFunction('ml-sagemaker-processor', sagemaker.buffered),
      monitoredFunction('ml-sagemaker-stream-processor', sagemaker.streaming),
    ],
    webAclName: webAcl.webAclName,
    catalog: CATALOG,
    authorizerMetrics: addAuthorizerMetricFilters(stack, restApi.accessLogs, restApi.api),
  };
  new MlAlarms(stack, 'Alarms', { ...monitored, settings, routes: ROUTES });
  new MlDashboard(stack, 'Dashboard', { ...monitored, environment: settings.name });
  return Template.fromStack(stack);
}

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

/** Logical id of the function whose Amplify name (`api-authorizer`, ...) is given. */
/** The processor functions: a buffered and a streaming one per provider. */
const PROCESSOR_NAMES = [
  'ml-bedrock-processor',
  'ml-bedrock-stream-processor',
  'ml-sagemaker-processor',
  'ml-sagemaker-stream-processor',
];

function functionId(template: Template, name: string): string {
  const match = resourcesOf(template, 'AWS::Lambda::Function').find(([id]) =>
    id.startsWith(name.replace(/-/g, '')),
  );
  if (!match) throw new Error(`no function ${name}`);
  return match[0];
}

/**
 * The metric arrays (`[namespace, name, dimension, value, ...]`) of the dashboard's widgets, with
 * each `{ Ref: X }` in the body rendered as `<X>`.
 */
function dashboardMetrics(template: Template): unknown[][] {
  const [[, dashboard]] = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
  const body = dashboard.Properties['DashboardBody'] as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1]
    .map((part) =>
      typeof part === 'string' ? part : `<${(part as { Ref?: string }).Ref ?? 'expression'}>`,
    )
    .join('');
  const widgets = (JSON.parse(text) as { widgets: { properties: { metrics?: unknown[][] } }[] })
    .widgets;
  return widgets.flatMap((widget) => widget.properties.metrics ?? []);
}

describe('MlAlarms and MlDashboard', () => {
  const api = monitoringTemplate(sandbox);
  const alarms = () => resourcesOf(api, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm);
  const alarmsOf = (template: Template, id: AlarmId) =>
    resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((p) => String(p['AlarmDescription']).endsWith(`(${id})`));
  const [[topicId]] = resourcesOf(api, 'AWS::SNS::Topic');
  const deployed = CATALOG;
  const opsGuide = readFileSync(path.resolve(import.meta.dirname, '../../docs/ops.md'), 'utf8');

  it('has at least 10 alarms, each notifying the SNS topic with a runbook in docs/ops.md', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(10);
    for (const alarm of alarms()) {
      expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId }]);
      const description = String(alarm.Properties['AlarmDescription']);
      const id = /\((\w+)\)$/.exec(description)?.[1];
      expect(ALARM_IDS).toContain(id);
      expect(description).toContain(`Runbook: docs/ops.md#${id!.toLowerCase()}`);
      expect(opsGuide).toMatch(new RegExp(`^### ${id}$`, 'm'));
    }
  });

  it('documents a runbook for every alarm id', () => {
    for (const id of ALARM_IDS) expect(opsGuide).toMatch(new RegExp(`^### ${id}$`, 'm'));
  });

  it('alarms on API 5XX and 4XX rates, computed from the stage metrics', () => {
    for (const [id, metric, threshold] of [
      ['ApiServerErrorRate', '5XXError', ALARM_THRESHOLDS.apiServerErrorPercent],
      ['ApiClientErrorRate', '4XXError', ALARM_THRESHOLDS.apiClientErrorPercent],
    ] as const) {
      const [alarm] = alarmsOf(api, id);
      expect(alarm?.['Threshold']).toBe(threshold);
      const json = JSON.stringify(alarm!['Metrics']);
      expect(json).toContain(`"MetricName":"${metric}"`);
      expect(json).toContain('"MetricName":"Count"');
      expect(json).toContain('100 * errors / requests');
    }
  });

  it('alarms on p99 latency of each buffered model route', () => {
    const latency = alarmsOf(api, 'ApiLatencyP99');
    expect(
      latency
        .map(
          (a) =>
            (a['Dimensions'] as { Name: string; Value: string }[]).find(
              (d) => d.Name === 'Resource',
            )?.Value,
        )
        .sort(),
    ).toEqual(
      ROUTES.filter((r) => r.target !== 'usage' && r.method === 'POST' && !r.streaming)
        .map((r) => r.path)
        .sort(),
    );
    for (const alarm of latency) {
      expect(alarm).toMatchObject({
        ExtendedStatistic: 'p99',
        Threshold: ALARM_THRESHOLDS.apiLatencyP99Ms,
      });
    }
  });

  it('alarms on authorizer failures counted from the access log', () => {
    const [alarm] = alarmsOf(api, 'AuthorizerFailures');
    expect(alarm).toMatchObject({ MetricName: 'AuthorizerFailures', Namespace: 'MLGateway/Edge' });
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('AUTHORIZER_FAILURE'),
      MetricTransformations: [Match.objectLike({ MetricName: 'AuthorizerFailures' })],
    });
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('ACCESS_DENIED'),
      MetricTransformations: [
        Match.objectLike({
          MetricName: 'AuthorizerDenials',
          Dimensions: [
            { Key: 'ApiId', Value: '$.apiId' },
            { Key: 'ErrorType', Value: '$.errorType' },
          ],
        }),
      ],
    });
  });

  it('alarms on processor errors and on duration near each function timeout', () => {
    for (const name of PROCESSOR_NAMES) {
      const fnId = functionId(api, name);
      const timeoutMs =
        (resourcesOf(api, 'AWS::Lambda::Function').find(([id]) => id === fnId)![1].Properties[
          'Timeout'
        ] as number) * 1000;
      const ofFunction = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) => JSON.stringify(a['Dimensions']).includes(fnId));
      expect(ofFunction('ProcessorErrors')).toEqual([
        expect.objectContaining({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }),
      ]);
      expect(ofFunction('DurationNearTimeout')).toEqual([
        expect.objectContaining({
          MetricName: 'Duration',
          ExtendedStatistic: 'p99',
          Threshold: timeoutMs * ALARM_THRESHOLDS.durationShareOfTimeout,
        }),
      ]);
    }
  });

  it('alarms on throttles of the authorizer and every processor function', () => {
    const [alarm] = alarmsOf(api, 'FunctionThrottles');
    const json = JSON.stringify(alarm!['Metrics']);
    for (const name of ['api-authorizer', ...PROCESSOR_NAMES])
      expect(json).toContain(functionId(api, name));
    expect(json).toContain('"MetricName":"Throttles"');
  });

  it('alarms on Bedrock throttling and client errors of every deployed catalog model', () => {
    const models = deployed.filter((e) => e.provider === 'bedrock');
    expect(models.length).toBeGreaterThan(0);
    for (const [id, metric] of [
      ['BedrockThrottling', 'InvocationThrottles'],
      ['BedrockClientErrors', 'InvocationClientErrors'],
    ] as const) {
      const json = JSON.stringify(alarmsOf(api, id)[0]!['Metrics']);
      expect(json).toContain(`"MetricName":"${metric}"`);
      for (const model of models) expect(json).toContain(`"Value":"${model.modelId}"`);
      expect(json).not.toContain('local.');
    }
  });

  it('lets CloudWatch alarms of this account publish to the topic, over TLS only', () => {
    const [[, policy]] = resourcesOf(api, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties['Topics']).toEqual([{ Ref: topicId }]);
    const statements = (policy.Properties['PolicyDocument'] as { Statement: unknown[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('keys the access-log metrics, their alarm and their widget by this API’s id', () => {
    const [[restApiId]] = resourcesOf(api, 'AWS::ApiGateway::RestApi');
    const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
    const format = JSON.parse(
      (stage.Properties['AccessLogSetting'] as { Format: string }).Format,
    ) as Record<string, string>;
    expect(format['apiId']).toBe('$context.apiId');
    const filters = resourcesOf(api, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      const [transformation] = filter['MetricTransformations'] as Record<string, unknown>[];
      expect(transformation!['MetricNamespace']).toBe('MLGateway/Edge');
      expect(transformation!['Dimensions']).toContainEqual({ Key: 'ApiId', Value: '$.apiId' });
    }
    const [failures] = alarmsOf(api, 'AuthorizerFailures');
    expect(failures!['Dimensions']).toEqual([{ Name: 'ApiId', Value: { Ref: restApiId } }]);
    const denials = dashboardMetrics(api).filter(
      (metric) => metric[0] === 'MLGateway/Edge' && metric[1] === 'AuthorizerDenials',
    );
    expect(denials.length).toBeGreaterThan(0);
    for (const metric of denials) expect(metric.slice(2, 4)).toEqual(['ApiId', `<${restApiId}>`]);
  });

  it('alarms on SageMaker latency and 5XX per deployed endpoint', () => {
    for (const endpoint of deployed.filter((e) => e.provider === 'sagemaker')) {
      const forEndpoint = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) =>
          JSON.stringify(a['Dimensions']).includes(`"Value":"${endpoint.endpointName}"`),
        );
      expect(forEndpoint('SageMakerServerErrors')).toEqual([
        expect.objectContaining({ MetricName: 'Invocation5XXErrors', Namespace: 'AWS/SageMaker' }),
      ]);
      expect(forEndpoint('SageMakerModelLatency')).toEqual(
        endpoint.mode === 'async'
          ? []
          : [
              expect.objectContaining({
                MetricName: 'ModelLatency',
                Threshold: ALARM_THRESHOLDS.sageMakerModelLatencyMs * 1000,
              }),
            ],
      );
    }
  });

  it('watches async endpoints through the metrics they publish: failures and queue age', () => {
    const asyncEndpoints = deployed.filter(
      (e): e is SageMakerEndpoint => e.provider === 'sagemaker' && e.mode === 'async',
    );
    expect(asyncEndpoints.length).toBeGreaterThan(0);
    for (const endpoint of asyncEndpoints) {
      const forEndpoint = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) =>
          JSON.stringify(a['Dimensions']).includes(`"Value":"${endpoint.endpointName}"`),
        );
      expect(forEndpoint('SageMakerAsyncFailures')).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/SageMaker',
          MetricName: 'InvocationFailures',
          Dimensions: [
            { Name: 'EndpointName', Value: endpoint.endpointName },
            { Name: 'VariantName', Value: variantNameOf(endpoint) },
          ],
        }),
      ]);
      expect(forEndpoint('SageMakerAsyncBacklogAge')).toEqual([
        expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestRequest',
          Statistic: 'Maximum',
          Threshold: ALARM_THRESHOLDS.sageMakerAsyncBacklogAgeSeconds,
          // Queue metrics are published by endpoint name only.
          Dimensions: [{ Name: 'EndpointName', Value: endpoint.endpointName }],
        }),
      ]);
    }
    // An async endpoint publishes no Invocations or OverheadLatency: nothing may wait for them.
    const metrics = dashboardMetrics(api);
    for (const endpoint of asyncEndpoints) {
      const ofEndpoint = metrics.filter((metric) => metric.includes(endpoint.endpointName));
      expect(ofEndpoint.map((metric) => metric[1])).toEqual(
        expect.arrayContaining(['InvocationFailures', 'ApproximateAgeOfOldestRequest']),
      );
      for (const metric of ofEndpoint)
        expect(['Invocations', 'OverheadLatency']).not.toContain(metric[1]);
    }
    for (const alarm of alarms())
      for (const endpoint of asyncEndpoints)
        if (JSON.stringify(alarm.Properties).includes(endpoint.endpointName))
          expect(['Invocations', 'OverheadLatency']).not.toContain(alarm.Properties['MetricName']);
  });

  it('queries each function’s own log group in the dashboard, not /aws/lambda/', () => {
    const [[, dashboard]] = resourcesOf(api, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties['DashboardBody']);
    expect(body).toContain('SOURCE ');
    expect(body).not.toContain('/aws/lambda/');
  });

  it('alarms on a spike of requests blocked by the web ACL', () => {
    const [[, acl]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
    const [alarm] = alarmsOf(api, 'WafBlockedSpike');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Threshold: ALARM_THRESHOLDS.wafBlockedRequests,
    });
    expect(alarm!['Dimensions']).toContainEqual({ Name: 'WebACL', Value: acl.Properties['Name'] });
    expect(alarm!['Dimensions']).toContainEqual({ Name: 'Rule', Value: 'ALL' });
  });

  it('has no billing alarm and no subscription unless configured', () => {
    expect(alarmsOf(api, 'EstimatedCharges')).toEqual([]);
    api.resourceCountIs('AWS::SNS::Subscription', sandbox.alarmEmails.length);
  });

  it('has a dashboard with the guide widgets, Bedrock tokens per model and authorizer denials', () => {
    const [[, dashboard]] = resourcesOf(api, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties['DashboardBody']);
    for (const title of [
      'API Gateway: requests and errors',
      'Authorizer: invocations and health',
      ...PROCESSOR_NAMES.map((name) => `${name}: invocations, errors, concurrency`),
      'Bedrock tokens per model',
      'Authorizer denials (from the API access log)',
      'Authorizer denials by reason code',
      'ML processing errors and timeouts',
      'WAF: blocked requests per rule',
    ])
      expect(body).toContain(title);
    expect(body).toContain('InputTokenCount');
    expect(body).toContain('OutputTokenCount');
    for (const endpoint of deployed.filter((e) => e.provider === 'sagemaker'))
      expect(body).toContain(`SageMaker ${endpoint.endpointName}`);
  });
});

describe('MlAlarms with alarm addresses and a billing threshold', () => {
  const api = monitoringTemplate(lockedDown);

  it('subscribes every configured address to the topic', () => {
    const [[topicId]] = resourcesOf(api, 'AWS::SNS::Topic');
    for (const email of lockedDown.alarmEmails)
      api.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: topicId },
      });
  });

  it('alarms on estimated charges, only where billing metrics exist (us-east-1)', () => {
    const [[, alarm]] = resourcesOf(api, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      String(a.Properties['AlarmDescription']).endsWith('(EstimatedCharges)'),
    );
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Billing',
      MetricName: 'EstimatedCharges',
      Threshold: lockedDown.billingAlarmUsd,
      Dimensions: [{ Name: 'Currency', Value: 'USD' }],
    });
    const condition = (alarm as unknown as { Condition: string }).Condition;
    expect(api.toJSON()['Conditions'][condition]).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });
});
