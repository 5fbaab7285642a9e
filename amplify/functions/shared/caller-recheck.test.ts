/**
 * The functions' re-check of a caller the (cached) authorizer let through: current directory
 * entries written by the SCIM function over dynalite, keys revoked in the key table, each read
 * reused at most for its cache window (a settable clock moves through it).
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import {
  ML_USERS_GROUP_OBJECT_ID,
  provisionMember,
  setActive,
} from '../../../tests/support/directory-people.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import type { GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { ApiError } from './api-error.ts';
import { ApiKeyStore } from './api-key-store.ts';
import type { Caller } from './authorizer-context.ts';
import { CachedDirectoryAccess } from './cached-directory-access.ts';
import { CachedApiKeyStatus } from './cached-key-status.ts';
import { type CallerRecheck, createCallerRecheck } from './caller-recheck.ts';
import { DirectoryStore } from './directory-store.ts';

const MAPPING: GroupMappingTable = {
  appRoles: {},
  groupObjectIds: { [ML_USERS_GROUP_OBJECT_ID]: 'MLUsers' },
};
const CHAT = { method: 'POST', path: '/ml/bedrock/stream' };
const MODELS = { method: 'GET', path: '/ml/models' };
const CREATE_KEY = { method: 'POST', path: '/keys' };
const WINDOW_SECONDS = 60;

let dynamo: LocalDynamo;
let scim: ScimHarness;
let clock: number;
let recheck: CallerRecheck;
let keys: ApiKeyStore;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  scim = await startScimHarness(dynamo);
  keys = new ApiKeyStore({ client: dynamo.client, tableName: dynamo.tableNames.apiKeys });
});
afterAll(async () => {
  await dynamo?.stop();
});
beforeEach(() => {
  clock = Date.parse('2026-12-01T09:00:00Z');
  recheck = createCallerRecheck({
    directory: new CachedDirectoryAccess({
      store: scim.store,
      mapping: () => MAPPING,
      maxAgeSeconds: WINDOW_SECONDS,
      now: () => clock,
    }),
    keyStatus: new CachedApiKeyStatus({
      store: keys,
      maxAgeSeconds: WINDOW_SECONDS,
      now: () => clock,
    }),
  });
});

const federated = (userName: string, groups: string[] = ['MLUsers']): Caller => ({
  sub: randomUUID(),
  username: `EntraID_${userName}`,
  email: '',
  groups,
  claims: {},
});

async function refusal(run: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return { status: (error as ApiError).status, code: (error as ApiError).code };
  }
  throw new Error('the caller was confirmed');
}

describe('a federated caller, with access decided on the directory', () => {
  it('has the groups of their current directory entry, not the token’s', async () => {
    await provisionMember(scim.send, 'amara@contoso.example');
    const confirmed = await recheck.confirm(
      federated('amara@contoso.example', ['Administrators']),
      MODELS,
    );
    expect(confirmed.groups).toEqual(['MLUsers']);
    await expect(
      recheck.confirm(federated('amara@contoso.example', ['Administrators']), {
        method: 'GET',
        path: '/usage/report',
      }),
    ).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('is refused within the cache window after SCIM deactivates them, and let in again after reactivation', async () => {
    const id = await provisionMember(scim.send, 'bruno@contoso.example');
    const bruno = federated('bruno@contoso.example');
    await recheck.confirm(bruno, CHAT);
    await setActive(scim.send, id, false);
    // Still the cached entry inside the window...
    clock += (WINDOW_SECONDS - 1) * 1000;
    await expect(recheck.confirm(bruno, CHAT)).resolves.toMatchObject({ groups: ['MLUsers'] });
    // ...and the directory's answer once it has passed: no group, every route refused.
    clock += 1000;
    expect(await refusal(recheck.confirm(bruno, CHAT))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(recheck.confirm(bruno, MODELS))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    await setActive(scim.send, id, true);
    clock += WINDOW_SECONDS * 1000;
    await expect(recheck.confirm(bruno, CHAT)).resolves.toMatchObject({ groups: ['MLUsers'] });
  });

  it('is refused once removed from the only group that granted the route', async () => {
    const id = await provisionMember(scim.send, 'chen@contoso.example');
    const chen = federated('chen@contoso.example');
    await recheck.confirm(chen, CHAT);
    const group = await scim.store.findGroupByExternalId(ML_USERS_GROUP_OBJECT_ID);
    await scim.store.removeMembers(group!.id, [id]);
    clock += WINDOW_SECONDS * 1000;
    expect(await refusal(recheck.confirm(chen, CHAT))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('has no access when the directory does not hold them (never provisioned, or deleted)', async () => {
    expect(await refusal(recheck.confirm(federated('nobody@contoso.example'), MODELS))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('is refused, not let through, when the directory cannot be read', async () => {
    const broken = createCallerRecheck({
      directory: new CachedDirectoryAccess({
        store: new DirectoryStore({ client: dynamo.client, tableName: 'no-such-table' }),
        mapping: () => MAPPING,
        maxAgeSeconds: WINDOW_SECONDS,
      }),
    });
    expect(await refusal(broken.confirm(federated('amara@contoso.example'), MODELS))).toEqual({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});

describe('a native (break-glass) caller', () => {
  it('keeps the token’s groups: SCIM does not provision them', async () => {
    const admin: Caller = {
      sub: 's',
      username: 'admin',
      email: '',
      groups: ['Administrators'],
      claims: {},
    };
    await expect(recheck.confirm(admin, { method: 'GET', path: '/usage/report' })).resolves.toEqual(
      admin,
    );
  });
});

describe('a caller with a personal API key', () => {
  async function liveKey(owner: Caller): Promise<Caller> {
    const keyId = `k${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await keys.create({
      keyId,
      ownerSub: owner.sub,
      ownerUsername: owner.username,
      name: 'ci',
      models: [],
      createdAt: new Date(clock).toISOString(),
      expiresAt: new Date(clock + 86_400_000).toISOString(),
      secretHmac: '00',
      claims: {},
    });
    return { ...owner, apiKey: { keyId, models: [] } };
  }

  it('is refused (401) within the window after the key is revoked, on a route the gateway cached', async () => {
    const caller = await liveKey({
      sub: 'n1',
      username: 'mluser',
      email: '',
      groups: ['MLUsers'],
      claims: {},
    });
    await recheck.confirm(caller, CHAT);
    await keys.revoke(caller.apiKey!.keyId, { sub: 'n1' }, new Date(clock));
    clock += WINDOW_SECONDS * 1000;
    expect(await refusal(recheck.confirm(caller, CHAT))).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('of a deactivated federated owner is refused like the owner', async () => {
    const id = await provisionMember(scim.send, 'dara@contoso.example');
    const caller = await liveKey(federated('dara@contoso.example'));
    await recheck.confirm(caller, CHAT);
    await setActive(scim.send, id, false);
    clock += WINDOW_SECONDS * 1000;
    expect(await refusal(recheck.confirm(caller, CHAT))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('may never call a signed-in-only route, whatever the owner’s groups', async () => {
    const caller = await liveKey({
      sub: 'n2',
      username: 'admin',
      email: '',
      groups: ['Administrators'],
      claims: {},
    });
    expect(await refusal(recheck.confirm(caller, CREATE_KEY))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});
