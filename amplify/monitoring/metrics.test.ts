import { describe, expect, it } from 'vitest';
import { CATALOG, type SageMakerEndpoint } from '../catalog.ts';
import { sageMakerMetric, sageMakerQueueMetric } from './metrics.ts';

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
