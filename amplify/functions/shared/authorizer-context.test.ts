import { describe, expect, it } from 'vitest';
import { decodeCaller, encodeCaller, type Caller } from './authorizer-context.ts';

const alice: Caller = {
  sub: 'sub-alice',
  username: 'alice',
  email: 'alice@example.com',
  groups: ['MLUsers', 'Administrators'],
  claims: { department: 'finance' },
};

describe('encodeCaller', () => {
  it('flattens lists and maps into the strings API Gateway passes on', () => {
    expect(encodeCaller(alice)).toEqual({
      sub: 'sub-alice',
      username: 'alice',
      email: 'alice@example.com',
      groups: 'MLUsers,Administrators',
      claims: '{"department":"finance"}',
    });
  });
});

describe('decodeCaller', () => {
  it('gives back the caller that was encoded', () => {
    expect(decodeCaller({ ...encodeCaller(alice) })).toEqual(alice);
  });

  it('refuses a context without a non-empty string sub: no caller, no access', () => {
    const withoutSub: Record<string, unknown> = { ...encodeCaller(alice) };
    delete withoutSub['sub'];
    expect(decodeCaller(withoutSub)).toBeUndefined();
    expect(decodeCaller({ ...withoutSub, sub: '' })).toBeUndefined();
    expect(decodeCaller({ ...withoutSub, sub: 42 })).toBeUndefined();
    expect(decodeCaller(undefined)).toBeUndefined();
    expect(decodeCaller(null)).toBeUndefined();
  });

  it('refuses claims that are not JSON, rather than dropping the ABAC attributes silently', () => {
    expect(decodeCaller({ ...encodeCaller(alice), claims: '{"department":' })).toBeUndefined();
  });

  it('keeps only string claims of a JSON object; arrays, null and scalars give no claims', () => {
    const decode = (claims: string) => decodeCaller({ ...encodeCaller(alice), claims })?.claims;
    expect(decode('{"department":"finance","level":3,"tags":["a"],"team":"ml"}')).toEqual({
      department: 'finance',
      team: 'ml',
    });
    // An array's entries would otherwise turn into claims named "0", "1", ...
    expect(decode('["finance","ml"]')).toEqual({});
    expect(decode('null')).toEqual({});
    expect(decode('"finance"')).toEqual({});
    expect(decode('')).toEqual({});
  });

  it('reads missing or non-string fields as empty, and drops empty group names', () => {
    expect(decodeCaller({ sub: 'sub-x', username: 7, groups: ',MLUsers,,', claims: 5 })).toEqual({
      sub: 'sub-x',
      username: '',
      email: '',
      groups: ['MLUsers'],
      claims: {},
    });
    expect(decodeCaller({ sub: 'sub-x' })?.groups).toEqual([]);
  });
});
