import { describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { AuthorizerCache } from './authorizer-cache.ts';
import { RouteMatcher } from './route-matcher.ts';
import { TokenBucket } from './throttle.ts';

describe('authorizer cache', () => {
  it('keeps a result for the TTL, keyed by the exact token', () => {
    let now = 0;
    const cache = new AuthorizerCache<string>(300, () => now);
    cache.set('Bearer a', 'decision-a');
    expect(cache.get('Bearer a')).toBe('decision-a');
    expect(cache.get('Bearer b')).toBeUndefined();
    now = 299_999;
    expect(cache.get('Bearer a')).toBe('decision-a');
    now = 300_000;
    expect(cache.get('Bearer a')).toBeUndefined();
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new AuthorizerCache<string>(0);
    cache.set('Bearer a', 'decision-a');
    expect(cache.get('Bearer a')).toBeUndefined();
  });
});

describe('stage throttling token bucket', () => {
  it('allows the burst at once, then the rate per second', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now = 499;
    expect(bucket.take()).toBe(false);
    now = 500;
    expect(bucket.take()).toBe(true);
    now = 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('route matching', () => {
  const matcher = new RouteMatcher(ROUTES);

  it('matches methods and path templates, decoding path parameters', () => {
    const match = matcher.match('GET', '/ml/sagemaker/jobs/job%201');
    expect(match?.route.path).toBe('/ml/sagemaker/jobs/{jobId}');
    expect(match?.pathParameters).toEqual({ jobId: 'job 1' });
    expect(matcher.match('POST', '/ml/bedrock')?.pathParameters).toBeNull();
  });

  it('finds no route for another method or path', () => {
    expect(matcher.match('GET', '/ml/bedrock')).toBeUndefined();
    expect(matcher.match('POST', '/ml/bedrock/extra')).toBeUndefined();
    expect(matcher.match('GET', '/ml/sagemaker/jobs/a/b')).toBeUndefined();
  });

  it('knows every resource of the API, including intermediate ones, for preflights', () => {
    expect(matcher.isResource('/ml')).toBe(true);
    expect(matcher.isResource('/ml/sagemaker/jobs/x')).toBe(true);
    expect(matcher.isResource('/nope')).toBe(false);
  });
});
