import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { CATALOG } from '../../catalog.ts';
import { ApiError } from '../shared/api-error.ts';
import { hmacMatches } from '../shared/api-key-format.ts';
import { StaticHmacSecret } from '../shared/api-key-hmac-secret.ts';
import { ApiKeyStore } from '../shared/api-key-store.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { ApiKeyService } from './api-keys.ts';

const SECRET = 'usage-api test secret, thirty-two bytes at least';
const NOW = new Date('2026-11-20T10:00:00Z');
const member = (sub: string): Caller => ({
  sub,
  username: `${sub}-name`,
  email: '',
  groups: ['MLUsers'],
  claims: { costCentre: 'CC-1' },
});
const admin: Caller = { ...member('admin-1'), groups: ['Administrators'] };
const memberModel = CATALOG.find((entry) => entry.groups.includes('MLUsers'))!.id;
const adminOnlyModel = CATALOG.find((entry) => !entry.groups.includes('MLUsers'))?.id;

let dynamo: LocalDynamo;
let service: ApiKeyService;
let now = NOW;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  service = new ApiKeyService({
    store: new ApiKeyStore({ client: dynamo.client, tableName: dynamo.tableNames.apiKeys }),
    secret: new StaticHmacSecret(SECRET),
    settings: { defaultExpiryDays: 30, maxExpiryDays: 90, maxKeysPerUser: 2 },
    budgets: {
      groups: { MLUsers: { tokensPerDay: 100, tokensPerMonth: 1000, usdPerMonth: 50 } },
      users: {},
      fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
    },
    now: () => now,
  });
});
afterAll(async () => {
  await dynamo?.stop();
});

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('creating a key', () => {
  it('stores only an HMAC of it, with the owner, the claims and the default 30-day expiry', async () => {
    const created = await service.create(member('alice'), { name: 'ci', models: [memberModel] });
    expect(created.expiresAt).toBe('2026-12-20T10:00:00.000Z');
    const { Item } = await dynamo.client.send(
      new GetCommand({ TableName: dynamo.tableNames.apiKeys, Key: { keyId: created.keyId } }),
    );
    expect(JSON.stringify(Item)).not.toContain(created.secret.slice(21));
    expect(Item).toMatchObject({
      ownerSub: 'alice',
      ownerUsername: 'alice-name',
      claims: { costCentre: 'CC-1' },
      models: [memberModel],
    });
    expect(hmacMatches(Buffer.from(SECRET), created.secret, Item!['secretHmac'] as string)).toBe(
      true,
    );
    // DynamoDB TTL removes it 30 days after it expired.
    expect(Item!['deleteAfter']).toBe(Date.parse('2027-01-19T10:00:00Z') / 1000);
  });

  it('takes an expiry in days and a budget within the owner’s', async () => {
    const created = await service.create(member('bob'), {
      name: 'small',
      models: [memberModel],
      expiresInDays: 1,
      budget: { usdPerMonth: 50, tokensPerMonth: 1000 },
    });
    expect(created.expiresAt).toBe('2026-11-21T10:00:00.000Z');
    expect(created.budget).toEqual({ usdPerMonth: 50, tokensPerMonth: 1000 });
  });

  it('refuses a budget above the owner’s, naming the limit', async () => {
    for (const [budget, field] of [
      [{ tokensPerMonth: 1001 }, 'budget.tokensPerMonth'],
      [{ usdPerMonth: 50.01 }, 'budget.usdPerMonth'],
    ] as const) {
      const error = await apiError(
        service.create(member('carol'), { name: 'big', models: [memberModel], budget }),
      );
      expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', field });
    }
  });

  it('refuses a model the owner may not use, or one not in the catalog', async () => {
    for (const model of [adminOnlyModel, 'no-such-model'].filter(Boolean) as string[]) {
      const error = await apiError(service.create(member('dave'), { name: 'x', models: [model] }));
      expect(error).toMatchObject({ status: 400, field: 'models' });
    }
  });

  it('refuses more live keys than the setting, counting neither revoked nor expired ones', async () => {
    const erin = member('erin');
    const first = await service.create(erin, { name: '1', models: [memberModel] });
    await service.create(erin, { name: '2', models: [memberModel], expiresInDays: 1 });
    expect(
      await apiError(service.create(erin, { name: '3', models: [memberModel] })),
    ).toMatchObject({
      status: 409,
      code: 'API_KEY_LIMIT',
    });
    await service.revokeOwn(erin, first.keyId);
    now = new Date(NOW.getTime() + 2 * 86_400_000);
    try {
      await service.create(erin, { name: '3', models: [memberModel] });
      await service.create(erin, { name: '4', models: [memberModel] });
      const statuses = (await service.listOwn(erin)).map((key) => `${key.name} ${key.status}`);
      expect(statuses.sort()).toEqual(['1 revoked', '2 expired', '3 active', '4 active']);
    } finally {
      now = NOW;
    }
  });

  it('may not be done with a key', async () => {
    const withKey = { ...member('frank'), apiKey: { keyId: 'aaaaaaaaaaaaaaaa', models: [] } };
    expect(
      await apiError(service.create(withKey, { name: 'more', models: [memberModel] })),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

describe('revoking and listing', () => {
  it('revokes only the caller’s own key; another user’s is answered as missing', async () => {
    const key = await service.create(member('gina'), { name: 'g', models: [memberModel] });
    expect(await apiError(service.revokeOwn(member('hank'), key.keyId))).toMatchObject({
      status: 404,
      code: 'API_KEY_NOT_FOUND',
    });
    expect((await service.revokeOwn(member('gina'), key.keyId)).status).toBe('revoked');
    expect(await apiError(service.revokeOwn(member('gina'), 'zzzzzzzzzzzzzzzz'))).toMatchObject({
      status: 404,
    });
  });

  it('lets Administrators list and revoke anyone’s key, and nobody else', async () => {
    const key = await service.create(member('ivan'), { name: 'i', models: [memberModel] });
    expect(await apiError(service.listAll(member('ivan')))).toMatchObject({ status: 403 });
    expect(await apiError(service.revokeAny(member('ivan'), key.keyId))).toMatchObject({
      status: 403,
    });
    const listed = (await service.listAll(admin)).find((k) => k.keyId === key.keyId);
    expect(listed).toMatchObject({
      owner: { sub: 'ivan', username: 'ivan-name' },
      status: 'active',
    });
    expect(JSON.stringify(listed)).not.toContain('secretHmac');
    expect(await service.revokeAny(admin, key.keyId)).toMatchObject({ status: 'revoked' });
  });
});
