import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import type { BudgetConfig } from '../../usage/budgets.ts';
import type { ApiKeyGrant, Caller } from './authorizer-context.ts';
import { BudgetExceededError, UsageLedger } from './usage-ledger.ts';

/** A key's own budget is one more scope of the ledger: it narrows the key, the owner's still apply. */
const budgets: BudgetConfig = {
  groups: { MLUsers: { tokensPerDay: 1_000, tokensPerMonth: 10_000 } },
  users: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const ledger = () =>
  new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets,
    now: () => new Date('2026-11-20T10:00:00Z'),
  });

const withKey = (sub: string, apiKey: ApiKeyGrant): Caller => ({
  sub,
  username: sub,
  email: '',
  groups: ['MLUsers'],
  claims: {},
  apiKey,
});

async function refusalOf(promise: Promise<unknown>): Promise<BudgetExceededError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BudgetExceededError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('an API key’s own budget in the ledger', () => {
  it('refuses a call the key’s monthly tokens cannot hold, naming the key', async () => {
    const caller = withKey('key-owner-1', {
      keyId: 'aaaaaaaaaaaaaaaa',
      models: ['model-a'],
      budget: { tokensPerMonth: 100 },
    });
    const first = await ledger().reserve(caller, 'model-a', { inputTokens: 60, outputTokens: 0 });
    await ledger().settle(first, {
      requestId: 'r1',
      charged: { inputTokens: 60, outputTokens: 0 },
      latencyMs: 1,
      status: 'ok',
    });
    const refusal = await refusalOf(
      ledger().reserve(caller, 'model-a', { inputTokens: 50, outputTokens: 0 }),
    );
    expect(refusal.details()).toMatchObject({
      scope: 'apiKey',
      scopeName: 'aaaaaaaaaaaaaaaa',
      period: 'month',
      unit: 'tokens',
      limit: 100,
    });
    expect(refusal.message).toContain('API key aaaaaaaaaaaaaaaa');
  });

  it('counts per key: another key of the same owner has its own room, the owner’s budget is shared', async () => {
    const owner = 'key-owner-2';
    const keyA = withKey(owner, {
      keyId: 'bbbbbbbbbbbbbbbb',
      models: [],
      budget: { tokensPerMonth: 600 },
    });
    const keyB = withKey(owner, {
      keyId: 'cccccccccccccccc',
      models: [],
      budget: { tokensPerMonth: 600 },
    });
    await ledger().reserve(keyA, 'model-a', { inputTokens: 500, outputTokens: 0 });
    await ledger().reserve(keyB, 'model-a', { inputTokens: 450, outputTokens: 0 });
    // Each key still has room, but the owner's 1,000 tokens a day are held already.
    const refusal = await refusalOf(
      ledger().reserve(keyB, 'model-a', { inputTokens: 100, outputTokens: 0 }),
    );
    expect(refusal.details()).toMatchObject({ scope: 'user', period: 'day' });
  });

  it('adds no scope for a key without a budget', async () => {
    const caller = withKey('key-owner-3', { keyId: 'dddddddddddddddd', models: [] });
    const reservation = await ledger().reserve(caller, 'model-a', {
      inputTokens: 10,
      outputTokens: 0,
    });
    expect(reservation.owners).toEqual(['USER#key-owner-3']);
  });
});
