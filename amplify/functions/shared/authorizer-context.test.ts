import { describe, expect, it } from 'vitest';

import { type Caller, decodeCaller, encodeCaller, refusalMessage } from './authorizer-context.ts';

const alice: Caller = {
  sub: 'sub-alice',
  username: 'alice',
  email: 'alice@example.com',
  groups: ['MLUsers', 'Administrators'],
  claims: { department: 'finance' },
};
/** An `exp` far in the future (epoch seconds), so expiry never decides these cases. */
const EXP = 4_102_444_800;

describe('encodeCaller', () => {
  it('flattens lists and maps into the JSON strings API Gateway passes on, with the exp', () => {
    expect(encodeCaller(alice, EXP)).toEqual({
      sub: 'sub-alice',
      username: 'alice',
      email: 'alice@example.com',
      groups: '["MLUsers","Administrators"]',
      claims: '{"department":"finance"}',
      exp: EXP,
    });
  });
});

describe('decodeCaller', () => {
  it('gives back the caller that was encoded', () => {
    expect(decodeCaller({ ...encodeCaller(alice, EXP) })).toEqual(alice);
  });

  it('refuses a context without a non-empty string sub: no caller, no access', () => {
    const withoutSub: Record<string, unknown> = { ...encodeCaller(alice, EXP) };
    delete withoutSub['sub'];
    expect(decodeCaller(withoutSub)).toBeUndefined();
    expect(decodeCaller({ ...withoutSub, sub: '' })).toBeUndefined();
    expect(decodeCaller({ ...withoutSub, sub: 42 })).toBeUndefined();
    expect(decodeCaller(undefined)).toBeUndefined();
    expect(decodeCaller(null)).toBeUndefined();
  });

  it('refuses claims that are not JSON, rather than dropping the ABAC attributes silently', () => {
    expect(decodeCaller({ ...encodeCaller(alice, EXP), claims: '{"department":' })).toBeUndefined();
  });

  it('keeps only string claims of a JSON object; arrays, null and scalars are refused', () => {
    const decode = (claims: string) => decodeCaller({ ...encodeCaller(alice, EXP), claims });
    expect(decode('{"department":"finance","level":3,"tags":["a"],"team":"ml"}')?.claims).toEqual({
      department: 'finance',
      team: 'ml',
    });
    // An array's entries would otherwise turn into claims named "0", "1", ...
    for (const claims of ['["finance","ml"]', 'null', '"finance"', ''])
      expect(decode(claims), claims).toBeUndefined();
  });

  it('reads missing or non-string names as empty, and no claims as none', () => {
    expect(decodeCaller({ sub: 'sub-x', username: 7, groups: '["MLUsers"]', exp: EXP })).toEqual({
      sub: 'sub-x',
      username: '',
      email: '',
      groups: ['MLUsers'],
      claims: {},
    });
  });

  it('refuses groups that are not a JSON array of strings (the old comma-joined form too)', () => {
    for (const groups of ['MLUsers,Administrators', '{"0":"MLUsers"}', '[1]', undefined])
      expect(decodeCaller({ ...encodeCaller(alice, EXP), groups }), String(groups)).toBeUndefined();
  });
});

describe('refusalMessage', () => {
  it('tells an expired caller to sign in again, and says nothing of the context otherwise', () => {
    expect(refusalMessage('EXPIRED')).toBe('The access token has expired; sign in again');
    expect(refusalMessage('MISSING')).toBe('No authenticated caller');
    expect(refusalMessage('MALFORMED')).toBe('No authenticated caller');
  });
});

describe('an API key grant in the context', () => {
  const grant = { keyId: 'abcdefghijklmnop', models: ['m-1'], budget: { usdPerMonth: 5 } };

  it('travels as JSON and comes back as it went', () => {
    const context = encodeCaller({ ...alice, apiKey: grant }, EXP);
    expect(context.apiKey).toBe(JSON.stringify(grant));
    expect(decodeCaller({ ...context })).toEqual({ ...alice, apiKey: grant });
    expect(decodeCaller({ ...encodeCaller(alice, EXP) })?.apiKey).toBeUndefined();
  });

  it('refuses the whole context when the grant is malformed', () => {
    const base = { ...encodeCaller(alice, EXP) };
    for (const apiKey of [
      'not json',
      '[]',
      '{}',
      JSON.stringify({ keyId: '', models: [] }),
      JSON.stringify({ keyId: 'k', models: 'm-1' }),
      JSON.stringify({ keyId: 'k', models: [1] }),
      JSON.stringify({ keyId: 'k', models: [], budget: { usdPerMonth: -1 } }),
      JSON.stringify({ keyId: 'k', models: [], budget: { tokensPerMonth: 'many' } }),
    ])
      expect(decodeCaller({ ...base, apiKey }), apiKey).toBeUndefined();
  });
});
