import { App, Errors, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

import { CATALOG, type SageMakerEndpoint } from '../catalog.ts';
import {
  functionLogGroup,
  monitoredFunction,
  sageMakerMetric,
  sageMakerQueueMetric,
} from './metrics.ts';

const asyncEndpoint = CATALOG.find(
  (entry): entry is SageMakerEndpoint => entry.provider === 'sagemaker' && entry.mode === 'async',
)!;

describe('SageMaker metrics', () => {
  it('read the variant the catalog names, AllTraffic when it names none', () => {
    expect(
      sageMakerMetric({ ...asyncEndpoint, variantName: 'blue' }, 'Invocation5XXErrors').dimensions,
    ).toEqual({ EndpointName: asyncEndpoint.endpointName, VariantName: 'blue' });
    expect(
      sageMakerMetric({ ...asyncEndpoint, variantName: undefined }, 'ModelLatency').dimensions,
    ).toEqual({ EndpointName: asyncEndpoint.endpointName, VariantName: 'AllTraffic' });
  });

  it('read an async queue metric by endpoint name alone, as SageMaker publishes it', () => {
    const metric = sageMakerQueueMetric(asyncEndpoint, 'ApproximateAgeOfOldestRequest');
    expect(metric.dimensions).toEqual({ EndpointName: asyncEndpoint.endpointName });
    expect(metric.statistic).toBe('Maximum');
  });
});

describe('the functions the alarms watch', () => {
  /** A function of another app: CDK knows neither its timeout nor its log group. */
  const imported = () =>
    LambdaFunction.fromFunctionArn(
      new Stack(new App(), 'Monitoring'),
      'Imported',
      'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere',
    );

  function errorOf(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('refuses one without a known timeout with a ValidationError naming it', () => {
    const error = errorOf(() => monitoredFunction('ml-processor', imported()));
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('ml-processor has no known timeout');
  });

  it("refuses to read the log group of a function that is not this app's", () => {
    const error = errorOf(() => functionLogGroup(imported()));
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('not a Lambda function of this app');
  });
});
