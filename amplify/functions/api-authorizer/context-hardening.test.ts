import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestAuthorizer, type TestAuthorizer } from '../../../tests/support/cognito-tokens.ts';
import { readCaller } from '../shared/authorizer-context.ts';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/GET/ml/models';

let authorizer: TestAuthorizer;
beforeAll(async () => {
  authorizer = await startTestAuthorizer();
});
afterAll(() => authorizer.close());

async function contextFor(claims: Record<string, unknown>) {
  const result = await authorizer.authorize({
    authorizationToken: `Bearer ${authorizer.issuer.accessToken(claims)}`,
    methodArn: METHOD_ARN,
  });
  return result.context!;
}

describe('the authorizer context', () => {
  it("carries the token's exp, so the functions can refuse it once the gateway's cache outlives it", async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const context = await contextFor({ exp });
    expect(context['exp']).toBe(exp);
    expect(readCaller(context, exp * 1000 - 1).caller?.sub).toBe(
      '6b1c2d3e-0000-4000-8000-00000000abcd',
    );
    expect(readCaller(context, exp * 1000).refusal).toBe('EXPIRED');
  });

  it('passes the groups as a JSON array of known groups only', async () => {
    const context = await contextFor({
      'cognito:groups': ['MLUsers', 'Contractors', 'Administrators'],
    });
    expect(context['groups']).toBe('["MLUsers","Administrators"]');
  });

  it('does not split a group name holding a comma into two groups', async () => {
    const context = await contextFor({ 'cognito:groups': ['MLUsers,Administrators'] });
    expect(JSON.parse(String(context['groups']))).toEqual([]);
    expect(readCaller(context).caller?.groups).toEqual([]);
  });
});

describe('readCaller', () => {
  const now = Date.UTC(2026, 10, 30, 12);
  const exp = now / 1000 + 60;
  const context = (overrides: Record<string, unknown> = {}) => ({
    sub: 'sub-1',
    username: 'alice',
    email: '',
    groups: '["MLUsers"]',
    claims: '{"department":"finance"}',
    exp: String(exp),
    ...overrides,
  });

  it('reads exp as API Gateway delivers it (a string) or as a number', () => {
    expect(readCaller(context(), now).caller).toEqual({
      sub: 'sub-1',
      username: 'alice',
      email: '',
      groups: ['MLUsers'],
      claims: { department: 'finance' },
    });
    expect(readCaller(context({ exp }), now).caller?.groups).toEqual(['MLUsers']);
  });

  it('refuses a context whose token has expired, at the second', () => {
    expect(readCaller(context(), exp * 1000).refusal).toBe('EXPIRED');
    expect(readCaller(context(), exp * 1000 + 3_600_000).refusal).toBe('EXPIRED');
  });

  it.each([
    ['no exp', { exp: undefined }],
    ['an empty exp', { exp: '' }],
    ['a fractional exp', { exp: '1.5' }],
    ['a negative exp', { exp: '-1' }],
    ['an exp with text', { exp: '99999999999x' }],
    ['an exp after text', { exp: 'x1700000000' }],
    ['comma-joined groups (the old encoding)', { groups: 'MLUsers,Administrators' }],
    ['groups that are not an array', { groups: '{"0":"MLUsers"}' }],
    ['a group that is not a string', { groups: '["MLUsers",1]' }],
    ['groups that are not JSON', { groups: '[' }],
    ['claims that are an array', { claims: '["finance"]' }],
    ['claims that are not JSON', { claims: '{' }],
  ])('refuses %s as malformed', (_name, overrides) => {
    expect(readCaller(context(overrides), now).refusal).toBe('MALFORMED');
  });

  it('refuses a missing context or sub', () => {
    expect(readCaller(undefined, now).refusal).toBe('MISSING');
    expect(readCaller(context({ sub: '' }), now).refusal).toBe('MISSING');
  });
});
