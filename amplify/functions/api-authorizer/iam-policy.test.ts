import type { PolicyDocument } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

import { isAllowed } from '../../../local/api/policy-evaluation.ts';
import { TokenRejectedError } from './errors.ts';
import {
  buildPolicy,
  createPolicyCache,
  POLICY_CACHE_ENTRIES,
  type PolicyRoute,
  routeResourceArn,
  stagePrefixOf,
} from './iam-policy.ts';

const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod';
const routes: PolicyRoute[] = [
  { method: 'GET', path: '/ml/models', groups: ['ReadOnly', 'MLUsers'] },
  { method: 'POST', path: '/ml/bedrock', groups: ['MLUsers'] },
  { method: 'GET', path: '/jobs/{jobId}', groups: ['MLUsers'] },
  { method: 'GET', path: '/report', groups: ['Administrators'] },
];

describe('stagePrefixOf', () => {
  it.each([
    [`${STAGE}/GET/ml/models`, STAGE],
    [`${STAGE}/POST/`, STAGE],
    [
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:a1b2c3/dev/GET/x',
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:a1b2c3/dev',
    ],
  ])('reads the stage prefix of %s', (arn, prefix) => {
    expect(stagePrefixOf(arn)).toBe(prefix);
  });

  it.each([
    undefined,
    '',
    'arn:aws:lambda:eu-west-1:123456789012:function:x',
    'arn:aws:execute-api:eu-west-1:12345:abc/prod/GET/x',
    `x${STAGE}/GET/ml/models`,
    `prefix/${STAGE}/GET/ml/models`,
    `${STAGE}`,
  ])('refuses %j as INVALID_EVENT', (arn) => {
    expect(() => stagePrefixOf(arn)).toThrow(TokenRejectedError);
    try {
      stagePrefixOf(arn);
    } catch (error) {
      expect((error as TokenRejectedError).reason).toBe('INVALID_EVENT');
    }
  });
});

describe('buildPolicy', () => {
  it('turns path parameters into wildcards', () => {
    expect(routeResourceArn(STAGE, routes[2]!)).toBe(`${STAGE}/GET/jobs/*`);
  });

  it('allows the routes of any of the groups and denies every other route explicitly', () => {
    const policy = buildPolicy(routes, STAGE, ['ReadOnly', 'Administrators']);
    expect(policy.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: [`${STAGE}/GET/ml/models`, `${STAGE}/GET/report`],
      },
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: [`${STAGE}/POST/ml/bedrock`, `${STAGE}/GET/jobs/*`],
      },
    ]);
  });

  it('has no Deny statement when every route is allowed', () => {
    const policy = buildPolicy(routes, STAGE, ['MLUsers', 'Administrators']);
    expect(policy.Statement.map((statement) => statement.Effect)).toEqual(['Allow']);
  });
});

describe('isAllowed (the API emulator applies built policies with it)', () => {
  const policy = buildPolicy(routes, STAGE, ['MLUsers']);

  it('lets an explicit Deny win over an Allow', () => {
    const both: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${STAGE}/*`] },
        { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${STAGE}/GET/report`] },
      ],
    };
    expect(isAllowed(both, `${STAGE}/GET/report`)).toBe(false);
    expect(isAllowed(both, `${STAGE}/GET/ml/models`)).toBe(true);
  });

  it('denies what no statement names', () => {
    expect(isAllowed(policy, `${STAGE}/DELETE/ml/models`)).toBe(false);
  });

  it('matches a path parameter wildcard, and treats regex characters literally', () => {
    expect(isAllowed(policy, `${STAGE}/GET/jobs/job-1`)).toBe(true);
    expect(isAllowed(policy, `${STAGE}/GET/ml/modelsX`)).toBe(false);
    const dotted = buildPolicy(
      [{ method: 'GET', path: '/v1.0/items', groups: ['MLUsers'] }],
      STAGE,
      ['MLUsers'],
    );
    expect(isAllowed(dotted, `${STAGE}/GET/v1.0/items`)).toBe(true);
    expect(isAllowed(dotted, `${STAGE}/GET/v1X0/items`)).toBe(false);
  });
});

describe('createPolicyCache', () => {
  it('returns the same policy for the same stage and relevant groups, ignoring unknown groups', () => {
    const policyFor = createPolicyCache(routes);
    const first = policyFor(STAGE, ['MLUsers']);
    expect(policyFor(STAGE, ['Contractors', 'MLUsers', 'MLUsers'])).toBe(first);
    expect(policyFor(STAGE, ['ReadOnly'])).not.toBe(first);
  });

  it('stays bounded however many stages it sees', () => {
    const policyFor = createPolicyCache(routes);
    const first = policyFor(`${STAGE}0`, ['MLUsers']);
    for (let i = 1; i <= POLICY_CACHE_ENTRIES; i++) policyFor(`${STAGE}${i}`, ['MLUsers']);
    // The cache was cleared on overflow, so the first policy is rebuilt (equal, not the same).
    const again = policyFor(`${STAGE}0`, ['MLUsers']);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});

describe('policies, exactly', () => {
  it('are IAM policy documents of version 2012-10-17', () => {
    expect(buildPolicy(routes, STAGE, ['MLUsers']).Version).toBe('2012-10-17');
    expect(buildPolicy(routes, STAGE, []).Version).toBe('2012-10-17');
  });

  it('are cached per set of groups, whatever their order in the token', () => {
    const policyFor = createPolicyCache(routes);
    expect(policyFor(STAGE, ['MLUsers', 'Administrators'])).toBe(
      policyFor(STAGE, ['Administrators', 'MLUsers']),
    );
  });

  it('stay cached while the cache has room', () => {
    const policyFor = createPolicyCache(routes);
    const first = policyFor(STAGE, ['MLUsers']);
    for (let i = 0; i < POLICY_CACHE_ENTRIES - 1; i++) policyFor(`${STAGE}-${i}`, ['MLUsers']);
    expect(policyFor(STAGE, ['MLUsers'])).toBe(first);
  });
});
