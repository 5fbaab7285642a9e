import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  LogQueryWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import { WAF_RULES } from '../security/web-acl.ts';
import {
  apiMetric,
  ASYNC_INVOCATION_METRICS,
  type AuthorizerMetrics,
  bedrockMetric,
  bedrockModels,
  functionLogGroup,
  type MonitoredResources,
  sageMakerEndpoints,
  sageMakerMetric,
  sageMakerQueueMetric,
  wafBlockedMetric,
} from './metrics.ts';

/** Props of {@link MlDashboard}; every one is required. */
export interface MlDashboardProps extends MonitoredResources {
  /** The authorizer outcomes counted from the access log (`addAuthorizerMetricFilters`). */
  readonly authorizerMetrics: AuthorizerMetrics;
  /** Environment name, shown in the dashboard's title. */
  readonly environment: string;
}

const WIDTH = 12;
const HEIGHT = 6;

/**
 * The ops dashboard: the guide's API, authorizer, processor and SageMaker widgets and error
 * log queries, plus Bedrock tokens per model, authorizer denials (by outcome and by the
 * authorizer's reason code) and WAF blocks per rule.
 */
export class MlDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MlDashboardProps) {
    super(scope, id);
    const { api, authorizer, processors } = props;
    const period = Duration.minutes(5);
    // Each function logs to the log group its defineFunction `logging` created, not /aws/lambda/.
    const lambdaLogs = (fn: IFunction) => functionLogGroup(fn).logGroupName;

    const widgets: IWidget[] = [
      new TextWidget({
        markdown: `# ML Gateway (${props.environment})\nRunbooks: docs/ops.md. Alarms notify the ML Gateway SNS topic.`,
        width: 24,
        height: 2,
      }),
      graph('API Gateway: requests and errors', [
        apiMetric(api, 'Count'),
        apiMetric(api, '4XXError'),
        apiMetric(api, '5XXError'),
      ]),
      graph('API Gateway: latency p50 / p99 (ms)', [
        apiMetric(api, 'Latency', { statistic: 'p50' }),
        apiMetric(api, 'Latency', { statistic: 'p99' }),
        apiMetric(api, 'IntegrationLatency', { statistic: 'p99' }),
      ]),
      graph(
        'Authorizer: invocations and health',
        [
          authorizer.metricInvocations({ period }),
          authorizer.metricErrors({ period }),
          authorizer.metricThrottles({ period }),
        ],
        [authorizer.metricDuration({ period, statistic: 'p99' })],
      ),
      graph('Authorizer denials (from the API access log)', [
        props.authorizerMetrics.denials('UNAUTHORIZED'),
        props.authorizerMetrics.denials('ACCESS_DENIED'),
        props.authorizerMetrics.failures.with({ label: 'authorizer failures (500)' }),
      ]),
      ...processors.map(({ name, fn }) =>
        graph(
          `${name}: invocations, errors, concurrency`,
          [
            fn.metricInvocations({ period }),
            fn.metricErrors({ period }),
            fn.metricThrottles({ period }),
            fn.metric('ConcurrentExecutions', { period, statistic: 'Maximum' }),
          ],
          [fn.metricDuration({ period, statistic: 'p99' })],
        ),
      ),
    ];

    const models = bedrockModels(props.catalog);
    if (models.length > 0) {
      widgets.push(
        graph(
          'Bedrock tokens per model',
          models.flatMap((m) => [
            bedrockMetric(m, 'InputTokenCount'),
            bedrockMetric(m, 'OutputTokenCount'),
          ]),
        ),
        graph(
          'Bedrock invocations, throttles and errors',
          models.flatMap((m) => [
            bedrockMetric(m, 'Invocations'),
            bedrockMetric(m, 'InvocationThrottles'),
            bedrockMetric(m, 'InvocationClientErrors'),
            bedrockMetric(m, 'InvocationServerErrors'),
          ]),
        ),
      );
    }
    for (const endpoint of sageMakerEndpoints(props.catalog)) {
      widgets.push(
        endpoint.mode === 'async'
          ? // Async endpoints publish no Invocations/OverheadLatency: their queue and outcomes.
            graph(
              `SageMaker ${endpoint.endpointName}: async jobs, failures and queue`,
              [
                ...ASYNC_INVOCATION_METRICS.map((name) => sageMakerMetric(endpoint, name)),
                sageMakerMetric(endpoint, 'Invocation5XXErrors'),
                sageMakerQueueMetric(endpoint, 'ApproximateBacklogSize'),
              ],
              [sageMakerQueueMetric(endpoint, 'ApproximateAgeOfOldestRequest')],
            )
          : graph(
              `SageMaker ${endpoint.endpointName}: invocations and errors`,
              [
                sageMakerMetric(endpoint, 'Invocations'),
                sageMakerMetric(endpoint, 'Invocation4XXErrors'),
                sageMakerMetric(endpoint, 'Invocation5XXErrors'),
              ],
              [
                sageMakerMetric(endpoint, 'ModelLatency', 'Average'),
                sageMakerMetric(endpoint, 'OverheadLatency', 'Average'),
              ],
            ),
      );
    }
    widgets.push(
      graph(
        'WAF: blocked requests per rule',
        ['ALL', ...Object.values(WAF_RULES)].map((rule) =>
          wafBlockedMetric(this, props.webAclName, rule).with({ label: rule }),
        ),
      ),
      new LogQueryWidget({
        title: 'Authorizer denials by reason code',
        logGroupNames: [lambdaLogs(authorizer)],
        queryLines: [
          'fields reason',
          "filter message = 'Request not authorized' or message = 'Access denied'",
          'stats count(*) as denials by reason',
          'sort denials desc',
        ],
        width: WIDTH,
        height: HEIGHT,
      }),
      new LogQueryWidget({
        title: 'Recent authorizer errors',
        logGroupNames: [lambdaLogs(authorizer)],
        queryLines: [
          'fields @timestamp, reason, error',
          "filter level = 'ERROR'",
          'sort @timestamp desc',
          'limit 100',
        ],
        width: WIDTH,
        height: HEIGHT,
      }),
      new LogQueryWidget({
        title: 'ML processing errors and timeouts',
        logGroupNames: processors.map(({ fn }) => lambdaLogs(fn)),
        queryLines: [
          'fields @timestamp, @requestId, @message',
          "filter level = 'ERROR' or @message like /Task timed out/",
          'sort @timestamp desc',
          'limit 100',
        ],
        width: 24,
        height: HEIGHT,
      }),
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: chunk(widgets),
    });
  }
}

/** A half-width graph: counts on the left axis, durations (if any) on the right. */
function graph(title: string, left: IMetric[], right?: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });
}

/** Two graphs per row; full-width widgets get a row of their own. */
function chunk(widgets: IWidget[]): IWidget[][] {
  const rows: IWidget[][] = [];
  let row: IWidget[] = [];
  let width = 0;
  for (const widget of widgets) {
    if (width + widget.width > 24) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(widget);
    width += widget.width;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
