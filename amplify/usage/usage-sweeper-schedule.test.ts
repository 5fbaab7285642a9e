import { App, Errors, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

import { SWEEPER_METRIC } from './sweeper-metric.ts';
import { UsageSweeperSchedule } from './usage-sweeper-schedule.ts';

/** The construct alone over a stand-in sweeper and table. */
function sweeperSchedule(everyMinutes: number) {
  const stack = new Stack(new App(), 'Usage');
  const sweeper = new LambdaFunction(stack, 'Sweeper', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({});'),
  });
  const table = new Table(stack, 'Usage', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
  });
  const schedule = new UsageSweeperSchedule(stack, 'Sweep', { sweeper, table, everyMinutes });
  return { stack, schedule };
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('UsageSweeperSchedule', () => {
  it('runs the sweeper at its rate, without EventBridge retries', () => {
    const template = Template.fromStack(sweeperSchedule(5).stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [{ RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
  });

  it("exposes the swept holds as the sweeper's metric of its table", () => {
    const { stack, schedule } = sweeperSchedule(1);
    const metric = schedule.metricSwept();
    expect(metric.namespace).toBe(SWEEPER_METRIC.namespace);
    expect(metric.metricName).toBe(SWEEPER_METRIC.name);
    expect(Object.keys(metric.dimensions ?? {})).toEqual([SWEEPER_METRIC.dimension]);
    expect(stack.resolve(metric.dimensions?.[SWEEPER_METRIC.dimension])).toEqual({
      Ref: expect.stringMatching(/^Usage/),
    });
  });

  it.each([0, -5, 2.5])('refuses %s minutes between runs with a ValidationError', (minutes) => {
    const error = errorOf(() => sweeperSchedule(minutes));
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('whole number of minutes');
  });
});
