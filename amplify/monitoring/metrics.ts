import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

import { GROUP_CLAIMS_METRIC } from '../auth/group-mapping/group-claims-metric.ts';
import {
  type BedrockModel,
  type CatalogEntry,
  type SageMakerEndpoint,
  variantNameOf,
} from '../catalog.ts';
import { invalidProps } from '../construct-errors.ts';

/** Namespace of the metrics the gateway derives from its own logs. */
const GATEWAY_NAMESPACE = 'MLGateway/Edge';

/** A Lambda function with the timeout the alarms compare its duration against. */
export interface MonitoredFunction {
  /** Short name for alarm ids and widget titles, e.g. `ml-processor`. */
  readonly name: string;
  readonly fn: IFunction;
  readonly timeout: Duration;
}

/** Everything the alarms and the dashboard watch. */
export interface MonitoredResources {
  /** The REST API whose stage metrics (`ApiName` + `Stage`) are watched. */
  readonly api: RestApi;
  /** The API stage's JSON access log group (source of the authorizer metrics). */
  readonly accessLogs: ILogGroup;
  /** The TOKEN authorizer function (errors, throttles, duration). */
  readonly authorizer: IFunction;
  /** The ML processors: buffered and streaming. */
  readonly processors: readonly MonitoredFunction[];
  /** The web ACL's name (`WebACL` dimension of the WAF metrics). */
  readonly webAclName: string;
  /** The deployed catalog entries (never the local ones). */
  readonly catalog: readonly CatalogEntry[];
}

/** A Lambda function with its configured timeout; a ValidationError when it has none. */
export function monitoredFunction(name: string, fn: IFunction): MonitoredFunction {
  const timeout = fn instanceof LambdaFunction ? fn.timeout : undefined;
  if (!timeout)
    throw invalidProps(fn, 'NoFunctionTimeout', `${name} has no known timeout to alarm against`);
  return { name, fn, timeout };
}

/**
 * The log group a function writes to: the one its defineFunction `logging` option created (read
 * only where one was configured: for any other function CDK's getter would add a custom
 * resource that sets an infinite retention).
 */
export function functionLogGroup(fn: IFunction): ILogGroup {
  if (!(fn instanceof LambdaFunction))
    throw invalidProps(fn, 'NotAnAppFunction', 'not a Lambda function of this app: no log group');
  return fn.logGroup;
}

const FIVE_MINUTES = Duration.minutes(5);

/** An API Gateway metric of the stage (`ApiName` + `Stage`), or of one method. */
export function apiMetric(
  api: RestApi,
  metricName: string,
  options: MetricOptions & { method?: string; resource?: string } = {},
): Metric {
  const { method, resource, ...rest } = options;
  return new Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: {
      ApiName: api.restApiName,
      Stage: api.deploymentStage.stageName,
      ...(method && resource ? { Method: method, Resource: resource } : {}),
    },
    period: FIVE_MINUTES,
    statistic: 'Sum',
    ...rest,
  });
}

/** The Bedrock runtime metric of one model id (or inference profile id). */
export function bedrockMetric(model: BedrockModel, metricName: string, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: 'AWS/Bedrock',
    metricName,
    dimensionsMap: { ModelId: model.modelId },
    period: FIVE_MINUTES,
    statistic,
    label: `${model.label} ${metricName}`,
  });
}

/** A SageMaker invocation metric of one catalog endpoint's monitored variant. */
export function sageMakerMetric(
  endpoint: SageMakerEndpoint,
  metricName: string,
  statistic = 'Sum',
): Metric {
  return new Metric({
    namespace: 'AWS/SageMaker',
    metricName,
    dimensionsMap: { EndpointName: endpoint.endpointName, VariantName: variantNameOf(endpoint) },
    period: FIVE_MINUTES,
    statistic,
  });
}

/**
 * What an asynchronous endpoint publishes instead of `Invocations`/`OverheadLatency` (SageMaker
 * Developer Guide, "Alarms and logs for tracking metrics from asynchronous endpoints",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html): the queue
 * metrics by `EndpointName` alone, the invocation metrics by endpoint and variant. The
 * misspelt `InvocationsProcesssed` is the metric's real name.
 */
export const ASYNC_INVOCATION_METRICS = ['InvocationsProcesssed', 'InvocationFailures'];

/** A queue metric of an async endpoint (published by `EndpointName` only). */
export function sageMakerQueueMetric(
  endpoint: SageMakerEndpoint,
  metricName: string,
  statistic = 'Maximum',
): Metric {
  return new Metric({
    namespace: 'AWS/SageMaker',
    metricName,
    dimensionsMap: { EndpointName: endpoint.endpointName },
    period: FIVE_MINUTES,
    statistic,
  });
}

/** Requests the web ACL blocked (all rules, or one rule by name). */
export function wafBlockedMetric(scope: Construct, webAclName: string, rule = 'ALL'): Metric {
  return new Metric({
    namespace: 'AWS/WAFV2',
    metricName: 'BlockedRequests',
    dimensionsMap: { WebACL: webAclName, Region: Stack.of(scope).region, Rule: rule },
    period: FIVE_MINUTES,
    statistic: 'Sum',
  });
}

export function bedrockModels(catalog: readonly CatalogEntry[]): BedrockModel[] {
  return catalog.filter((entry): entry is BedrockModel => entry.provider === 'bedrock');
}

export function sageMakerEndpoints(catalog: readonly CatalogEntry[]): SageMakerEndpoint[] {
  return catalog.filter((entry): entry is SageMakerEndpoint => entry.provider === 'sagemaker');
}

/** Metrics derived from the API access log: authorizer denials and failures. */
export interface AuthorizerMetrics {
  /** 401 (token refused) and 403 (route not allowed) by `ErrorType`. */
  readonly denials: (errorType: 'UNAUTHORIZED' | 'ACCESS_DENIED') => Metric;
  /** The authorizer crashed or timed out (API Gateway answered 500). */
  readonly failures: Metric;
}

/**
 * Dimension that keeps one deployment's log-derived metrics apart from every other branch's and
 * sandbox's in the shared `MLGateway/Edge` namespace: the REST API id, read from the access
 * log's `apiId` field (a metric filter dimension takes its value from a log field).
 */
const API_ID_DIMENSION = 'ApiId';

/**
 * Counts authorizer outcomes from the access log (`errorType` is API Gateway's response type).
 * The access log exists from the first deploy, unlike a function's own log group. Every metric
 * carries the API id, so alarms and widgets see this deployment only.
 */
export function addAuthorizerMetricFilters(
  scope: Construct,
  accessLogs: ILogGroup,
  api: RestApi,
): AuthorizerMetrics {
  const deployment = { [API_ID_DIMENSION]: '$.apiId' };
  const denials = new MetricFilter(scope, 'AuthorizerDenialsFilter', {
    logGroup: accessLogs,
    metricNamespace: GATEWAY_NAMESPACE,
    metricName: 'AuthorizerDenials',
    filterPattern: FilterPattern.any(
      FilterPattern.stringValue('$.errorType', '=', 'UNAUTHORIZED'),
      FilterPattern.stringValue('$.errorType', '=', 'ACCESS_DENIED'),
    ),
    metricValue: '1',
    dimensions: { ...deployment, ErrorType: '$.errorType' },
  });
  // No default value: with dimensions there is no event to take them from; the alarm treats
  // missing data as not breaching.
  const failures = new MetricFilter(scope, 'AuthorizerFailuresFilter', {
    logGroup: accessLogs,
    metricNamespace: GATEWAY_NAMESPACE,
    metricName: 'AuthorizerFailures',
    filterPattern: FilterPattern.any(
      FilterPattern.stringValue('$.errorType', '=', 'AUTHORIZER_FAILURE'),
      FilterPattern.stringValue('$.errorType', '=', 'AUTHORIZER_CONFIGURATION_ERROR'),
    ),
    metricValue: '1',
    dimensions: deployment,
  });
  const apiId = { [API_ID_DIMENSION]: api.restApiId };
  return {
    denials: (errorType) =>
      denials.metric({
        dimensionsMap: { ...apiId, ErrorType: errorType },
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label: errorType === 'UNAUTHORIZED' ? '401 token refused' : '403 route not allowed',
      }),
    failures: failures.metric({ dimensionsMap: apiId, statistic: 'Sum', period: FIVE_MINUTES }),
  };
}

/** Sign-ins of this deployment whose SAML groups were incomplete, per 5 minutes (the trigger's EMF). */
export function groupClaimsIncompleteMetric(deploymentName: string): Metric {
  return new Metric({
    namespace: GROUP_CLAIMS_METRIC.namespace,
    metricName: GROUP_CLAIMS_METRIC.name,
    dimensionsMap: {
      service: GROUP_CLAIMS_METRIC.service,
      [GROUP_CLAIMS_METRIC.deploymentDimension]: deploymentName,
    },
    statistic: 'Sum',
    period: FIVE_MINUTES,
  });
}
