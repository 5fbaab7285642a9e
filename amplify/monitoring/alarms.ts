import { Aws, CfnCondition, Duration, Fn } from 'aws-cdk-lib';
import {
  Alarm,
  type CfnAlarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

import type { SageMakerEndpoint } from '../catalog.ts';
import type { RouteDefinition } from '../contract/routes.ts';
import type { EnvironmentSettings } from '../settings/index.ts';
import {
  apiMetric,
  type AuthorizerMetrics,
  bedrockMetric,
  bedrockModels,
  type MonitoredResources,
  sageMakerEndpoints,
  sageMakerMetric,
  sageMakerQueueMetric,
  wafBlockedMetric,
} from './metrics.ts';

/** Alarm thresholds (docs/ops.md explains each one and when to change it). */
export const ALARM_THRESHOLDS = {
  /** 5XX answers, percent of requests in 5 minutes. */
  apiServerErrorPercent: 1,
  /** 4XX answers, percent of requests in 5 minutes (15 minutes in a row). */
  apiClientErrorPercent: 10,
  /** Below this many requests in 5 minutes, error rates are not judged. */
  minRequestsForRate: 20,
  /** p99 latency of a buffered model route, ms (the processor gives up at 25 s). */
  apiLatencyP99Ms: 20_000,
  /** Authorizer crashes or timeouts (API Gateway 500s) in 5 minutes. */
  authorizerFailures: 1,
  /** Processor function errors (crashes, not mapped model errors) in 5 minutes. */
  processorErrors: 5,
  /** Throttled invocations of the API's functions in 5 minutes. */
  functionThrottles: 1,
  /** p99 duration as a share of the function's timeout. */
  durationShareOfTimeout: 0.8,
  /** Bedrock throttled invocations across the catalog's models in 5 minutes. */
  bedrockThrottles: 10,
  /** Bedrock client errors (validation, access denied) across the catalog in 5 minutes. */
  bedrockClientErrors: 10,
  /** p90 SageMaker model latency, ms. */
  sageMakerModelLatencyMs: 5_000,
  /** SageMaker 5XX invocation errors of one endpoint in 5 minutes. */
  sageMakerServerErrors: 5,
  /** Failed asynchronous invocations of one async endpoint in 5 minutes. */
  sageMakerAsyncFailures: 1,
  /** Age of the oldest queued request of an async endpoint, seconds (15 minutes in a row). */
  sageMakerAsyncBacklogAgeSeconds: 900,
  /** Requests blocked by the web ACL in 5 minutes. */
  wafBlockedRequests: 500,
  /** Usage holds the sweeper settled in 5 minutes (a call that never settled). */
  expiredHoldsSwept: 1,
  /** Sign-ins whose SAML groups were incomplete (overage or a cut attribute) in 5 minutes. */
  entraGroupClaimsIncomplete: 1,
} as const;

/**
 * The alarm ids: each is a heading of docs/ops.md (its runbook) and is named in the alarm's
 * description.
 */
export const ALARM_IDS = [
  'ApiServerErrorRate',
  'ApiClientErrorRate',
  'ApiLatencyP99',
  'AuthorizerFailures',
  'ProcessorErrors',
  'FunctionThrottles',
  'DurationNearTimeout',
  'BedrockThrottling',
  'BedrockClientErrors',
  'SageMakerModelLatency',
  'SageMakerServerErrors',
  'SageMakerAsyncFailures',
  'SageMakerAsyncBacklogAge',
  'WafBlockedSpike',
  'EstimatedCharges',
  'ExpiredHoldsSwept',
  'EntraGroupClaimsIncomplete',
] as const;
export type AlarmId = (typeof ALARM_IDS)[number];

/** Billing metrics exist only in us-east-1, so the charges alarm can only live there. */
const BILLING_REGION = 'us-east-1';

/** Props of {@link MlAlarms}; every one is required. */
export interface MlAlarmsProps extends MonitoredResources {
  /** The environment's settings: alarm addresses and the billing threshold (none when unset). */
  readonly settings: EnvironmentSettings;
  /** The route table: one latency alarm per buffered model route. */
  readonly routes: readonly RouteDefinition[];
  /** The authorizer outcomes counted from the access log (`addAuthorizerMetricFilters`). */
  readonly authorizerMetrics: AuthorizerMetrics;
  /**
   * Usage holds swept (UsageSweeperSchedule.metricSwept).
   *
   * @default - none: no swept-holds alarm
   */
  readonly sweptHolds?: IMetric;
  /**
   * Sign-ins whose SAML groups arrived incomplete (`groupClaimsIncompleteMetric`).
   *
   * @default - none: no incomplete-groups alarm
   */
  readonly groupClaimsIncomplete?: IMetric;
}

/**
 * The SNS topic ops subscribe to and the gateway's alarms, each pointing at its runbook.
 */
export class MlAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MlAlarmsProps) {
    super(scope, id);
    const t = ALARM_THRESHOLDS;
    this.topic = new Topic(this, 'Topic', {
      displayName: `ML Gateway alarms (${props.settings.name})`,
      enforceSSL: true,
    });
    allowCloudWatchAlarms(this.topic);
    for (const email of props.settings.alarmEmails) {
      this.topic.addSubscription(new EmailSubscription(email));
    }

    const requests = apiMetric(props.api, 'Count');
    const rate = (errors: Metric, label: string) =>
      new MathExpression({
        expression: `IF(requests >= ${t.minRequestsForRate}, 100 * errors / requests, 0)`,
        usingMetrics: { errors, requests },
        period: Duration.minutes(5),
        label,
      });

    this.add(
      'ApiServerErrorRate',
      `API 5XX answers above ${t.apiServerErrorPercent}% of requests`,
      {
        metric: rate(apiMetric(props.api, '5XXError'), '5XX %'),
        threshold: t.apiServerErrorPercent,
      },
    );
    this.add(
      'ApiClientErrorRate',
      `API 4XX answers above ${t.apiClientErrorPercent}% of requests for 15 minutes`,
      {
        metric: rate(apiMetric(props.api, '4XXError'), '4XX %'),
        threshold: t.apiClientErrorPercent,
        evaluationPeriods: 3,
      },
    );
    for (const route of props.routes.filter(
      (r) => r.target !== 'usage' && r.method === 'POST' && !r.streaming,
    )) {
      this.add(
        'ApiLatencyP99',
        `p99 latency of ${route.method} ${route.path} above ${t.apiLatencyP99Ms} ms`,
        {
          metric: apiMetric(props.api, 'Latency', {
            method: route.method,
            resource: route.path,
            statistic: 'p99',
          }),
          threshold: t.apiLatencyP99Ms,
          evaluationPeriods: 3,
        },
        route.path,
      );
    }
    this.add('AuthorizerFailures', 'The token authorizer crashed or timed out (API 500s)', {
      metric: props.authorizerMetrics.failures,
      threshold: t.authorizerFailures,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    for (const { name, fn, timeout } of props.processors) {
      this.add(
        'ProcessorErrors',
        `${name} function errors`,
        { metric: fn.metricErrors({ period: Duration.minutes(5) }), threshold: t.processorErrors },
        name,
      );
      const limitMs = timeout.toMilliseconds() * t.durationShareOfTimeout;
      this.add(
        'DurationNearTimeout',
        `${name} p99 duration above ${t.durationShareOfTimeout * 100}% of its ${timeout.toSeconds()} s timeout`,
        {
          metric: fn.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }),
          threshold: limitMs,
          evaluationPeriods: 3,
        },
        name,
      );
    }
    const functions = [props.authorizer, ...props.processors.map((p) => p.fn)];
    this.add('FunctionThrottles', 'Lambda throttled the authorizer or a processor', {
      metric: sum(
        functions.map((fn) => fn.metricThrottles({ period: Duration.minutes(5) })),
        'Throttles',
      ),
      threshold: t.functionThrottles,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    const models = bedrockModels(props.catalog);
    if (models.length > 0) {
      this.add('BedrockThrottling', 'Bedrock throttled calls of the catalog models', {
        metric: sum(
          models.map((m) => bedrockMetric(m, 'InvocationThrottles')),
          'Bedrock throttles',
        ),
        threshold: t.bedrockThrottles,
      });
      this.add('BedrockClientErrors', 'Bedrock refused calls (validation, access, model)', {
        metric: sum(
          models.map((m) => bedrockMetric(m, 'InvocationClientErrors')),
          'Bedrock client errors',
        ),
        threshold: t.bedrockClientErrors,
      });
    }
    for (const endpoint of sageMakerEndpoints(props.catalog)) {
      if (endpoint.mode === 'async') this.addAsyncEndpointAlarms(endpoint);
      // Async endpoints queue by design; their latency is not a health signal.
      else
        this.add(
          'SageMakerModelLatency',
          `${endpoint.endpointName} p90 model latency above ${t.sageMakerModelLatencyMs} ms`,
          {
            // SageMaker reports ModelLatency in microseconds.
            metric: sageMakerMetric(endpoint, 'ModelLatency', 'p90'),
            threshold: t.sageMakerModelLatencyMs * 1000,
            evaluationPeriods: 3,
          },
          endpoint.endpointName,
        );
      this.add(
        'SageMakerServerErrors',
        `${endpoint.endpointName} 5XX invocation errors`,
        {
          metric: sageMakerMetric(endpoint, 'Invocation5XXErrors'),
          threshold: t.sageMakerServerErrors,
        },
        endpoint.endpointName,
      );
    }
    this.add('WafBlockedSpike', 'The web ACL blocked an unusual number of requests', {
      metric: wafBlockedMetric(this, props.webAclName),
      threshold: t.wafBlockedRequests,
    });
    if (props.sweptHolds)
      this.add('ExpiredHoldsSwept', 'The usage sweeper charged holds of calls that never settled', {
        metric: props.sweptHolds,
        threshold: t.expiredHoldsSwept,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    if (props.groupClaimsIncomplete)
      this.add(
        'EntraGroupClaimsIncomplete',
        'A SAML sign-in carried incomplete Entra groups (overage or a cut attribute)',
        {
          metric: props.groupClaimsIncomplete,
          threshold: t.entraGroupClaimsIncomplete,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        },
      );
    if (props.settings.billingAlarmUsd !== undefined)
      this.addBillingAlarm(props.settings.billingAlarmUsd);
  }

  /**
   * An async endpoint publishes no `Invocations` or `OverheadLatency`: watch its failed
   * invocations and how long requests wait in its queue (see ASYNC_INVOCATION_METRICS in metrics.ts).
   */
  private addAsyncEndpointAlarms(endpoint: SageMakerEndpoint): void {
    const t = ALARM_THRESHOLDS;
    this.add(
      'SageMakerAsyncFailures',
      `${endpoint.endpointName} failed asynchronous invocations`,
      {
        metric: sageMakerMetric(endpoint, 'InvocationFailures'),
        threshold: t.sageMakerAsyncFailures,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      },
      endpoint.endpointName,
    );
    this.add(
      'SageMakerAsyncBacklogAge',
      `${endpoint.endpointName} oldest queued request older than ${t.sageMakerAsyncBacklogAgeSeconds} s`,
      {
        metric: sageMakerQueueMetric(endpoint, 'ApproximateAgeOfOldestRequest'),
        threshold: t.sageMakerAsyncBacklogAgeSeconds,
        evaluationPeriods: 3,
      },
      endpoint.endpointName,
    );
  }

  private addBillingAlarm(thresholdUsd: number): void {
    const alarm = this.add(
      'EstimatedCharges',
      `Estimated monthly charges above ${thresholdUsd} USD`,
      {
        metric: new Metric({
          namespace: 'AWS/Billing',
          metricName: 'EstimatedCharges',
          dimensionsMap: { Currency: 'USD' },
          statistic: 'Maximum',
          period: Duration.hours(6),
        }),
        threshold: thresholdUsd,
      },
    );
    const inBillingRegion = new CfnCondition(this, 'InBillingRegion', {
      expression: Fn.conditionEquals(Aws.REGION, BILLING_REGION),
    });
    (alarm.node.defaultChild as CfnAlarm).cfnOptions.condition = inBillingRegion;
  }

  /** One alarm, notifying the topic on alarm and on recovery, with its runbook link. */
  private add(
    id: AlarmId,
    summary: string,
    options: {
      metric: IMetric;
      threshold: number;
      evaluationPeriods?: number;
      comparisonOperator?: ComparisonOperator;
    },
    qualifier?: string,
  ): Alarm {
    const alarm = new Alarm(this, qualifier ? `${id}-${qualifier}` : id, {
      alarmDescription: `${summary}. Runbook: docs/ops.md#${id.toLowerCase()} (${id})`,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}

/**
 * A topic policy replaces the topic's default policy, so the TLS-only Deny of `enforceSSL` alone
 * would leave CloudWatch no right to publish: allow the CloudWatch service principal, for alarms
 * of this account only (Amazon SNS Developer Guide, "Example cases for Amazon SNS access
 * control": service principals with `aws:SourceAccount`,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
 */
function allowCloudWatchAlarms(topic: Topic): void {
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: {
          'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
        },
      },
    }),
  );
}

/** The sum of several metrics as one series (`m0 + m1 + ...`). */
function sum(metrics: readonly IMetric[], label: string): MathExpression {
  return new MathExpression({
    expression:
      metrics.length === 1 ? 'm0' : 'SUM([' + metrics.map((_, i) => `m${i}`).join(',') + '])',
    usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
    period: Duration.minutes(5),
    label,
  });
}
