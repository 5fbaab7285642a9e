import {
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';

import { CognitoCurrentGroups, CURRENT_GROUPS_MAX_AGE_SECONDS } from './current-groups.ts';

const OWNER = { sub: 'sub-1', username: 'alice' };

/** A Cognito client whose AdminListGroupsForUser answers from `pages`, counting calls. */
function fakeCognito(pages: () => { Groups: { GroupName: string }[]; NextToken?: string }[]) {
  const calls: AdminListGroupsForUserCommand['input'][] = [];
  const client = {
    send: (command: AdminListGroupsForUserCommand) => {
      expect(command).toBeInstanceOf(AdminListGroupsForUserCommand);
      calls.push(command.input);
      const all = pages();
      const index = command.input.NextToken ? Number(command.input.NextToken) : 0;
      return Promise.resolve(all[index]);
    },
  } as unknown as CognitoIdentityProviderClient;
  return { client, calls };
}

describe('the owner’s current groups from Cognito', () => {
  it('reads every page of the user’s groups from the pool', async () => {
    const { client, calls } = fakeCognito(() => [
      { Groups: [{ GroupName: 'MLUsers' }], NextToken: '1' },
      { Groups: [{ GroupName: 'Administrators' }] },
    ]);
    const groups = new CognitoCurrentGroups({ userPoolId: 'eu-west-1_Pool', client });
    expect(await groups.of(OWNER)).toEqual(['MLUsers', 'Administrators']);
    expect(calls).toEqual([
      { UserPoolId: 'eu-west-1_Pool', Username: 'alice', NextToken: undefined },
      { UserPoolId: 'eu-west-1_Pool', Username: 'alice', NextToken: '1' },
    ]);
  });

  it('reuses an answer for less than 60 s, then asks again and sees a removed group', async () => {
    let current = [{ GroupName: 'MLUsers' }];
    let now = 1_000_000;
    const { client, calls } = fakeCognito(() => [{ Groups: current }]);
    const groups = new CognitoCurrentGroups({ userPoolId: 'p_1', client, now: () => now });
    expect(await groups.of(OWNER)).toEqual(['MLUsers']);
    current = [];
    now += CURRENT_GROUPS_MAX_AGE_SECONDS * 1000 - 1;
    expect(await groups.of(OWNER)).toEqual(['MLUsers']);
    expect(calls).toHaveLength(1);
    now += 1;
    expect(await groups.of(OWNER)).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('refuses a cache longer than 60 s', () => {
    const { client } = fakeCognito(() => []);
    expect(
      () => new CognitoCurrentGroups({ userPoolId: 'p_1', client, maxAgeSeconds: 61 }),
    ).toThrow(/0 to 60/);
  });

  it('answers no groups for a deleted user, and does not keep a failed lookup', async () => {
    let fail: Error | undefined = new UserNotFoundException({ message: 'gone', $metadata: {} });
    const client = {
      send: () =>
        fail ? Promise.reject(fail) : Promise.resolve({ Groups: [{ GroupName: 'MLUsers' }] }),
    } as unknown as CognitoIdentityProviderClient;
    const groups = new CognitoCurrentGroups({ userPoolId: 'p_1', client });
    expect(await groups.of(OWNER)).toEqual([]);
    const other = { sub: 'sub-2', username: 'bob' };
    fail = new Error('throttled');
    await expect(groups.of(other)).rejects.toThrow('throttled');
    fail = undefined;
    expect(await groups.of(other)).toEqual(['MLUsers']);
  });
});
