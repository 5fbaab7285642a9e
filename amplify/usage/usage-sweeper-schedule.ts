import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import { invalidProps } from '../construct-errors.ts';
import { SWEEPER_METRIC } from './sweeper-metric.ts';

export interface UsageSweeperScheduleProps {
  /** The usage-sweeper function (`backend.usageSweeper.resources.lambda`). */
  readonly sweeper: IFunction;
  /** The usage table it sweeps: names the metric's dimension. */
  readonly table: ITable;
  /**
   * Minutes between two runs (`usageSettings.sweepEveryMinutes`): a whole number of at least 1,
   * or a ValidationError.
   */
  readonly everyMinutes: number;
}

/** Runs the usage sweeper on a schedule and exposes the metric of holds it swept. */
export class UsageSweeperSchedule extends Construct {
  readonly rule: Rule;
  readonly #table: ITable;

  constructor(scope: Construct, id: string, props: UsageSweeperScheduleProps) {
    super(scope, id);
    // EventBridge's rate(value unit) takes a positive whole value (docs.aws.amazon.com,
    // "Rate expressions reference", EventBridge User Guide).
    if (!Number.isInteger(props.everyMinutes) || props.everyMinutes < 1)
      throw invalidProps(
        this,
        'InvalidSweepInterval',
        `everyMinutes must be a whole number of minutes of at least 1, got ${props.everyMinutes}`,
      );
    this.rule = new Rule(this, 'Schedule', {
      description: 'Settles usage holds of calls that never settled',
      schedule: Schedule.rate(Duration.minutes(props.everyMinutes)),
      targets: [new LambdaFunction(props.sweeper, { retryAttempts: 0 })],
    });
    this.#table = props.table;
  }

  /** Holds swept per 5 minutes: above 0 means a call ended without settling. */
  metricSwept(): Metric {
    return new Metric({
      namespace: SWEEPER_METRIC.namespace,
      metricName: SWEEPER_METRIC.name,
      dimensionsMap: { [SWEEPER_METRIC.dimension]: this.#table.tableName },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }
}
