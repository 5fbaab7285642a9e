import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import type { BudgetConfig } from '../../usage/budgets.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { UsageLedger } from '../shared/usage-ledger.ts';
import { UsageReader } from './usage-report.ts';

const NOW = new Date('2026-11-24T10:00:00Z');
const budgets: BudgetConfig = {
  groups: { MLUsers: { tokensPerDay: 1_000, tokensPerMonth: 10_000, usdPerDay: 0.01 } },
  groupPools: { MLUsers: { tokensPerDay: 5_000, tokensPerMonth: 50_000, usdPerMonth: 1 } },
  costCentres: { 'CC-9': { tokensPerDay: 2_000, tokensPerMonth: 20_000 } },
  users: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  unpricedRequests: { requestsPerDay: 10, requestsPerMonth: 100 },
};
const alice: Caller = {
  sub: 'rep-alice',
  username: 'alice',
  email: '',
  groups: ['MLUsers'],
  claims: { costCentre: 'CC-9' },
};

let dynamo: LocalDynamo;
let ledger: UsageLedger;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  ledger = new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets,
    now: () => NOW,
  });
  // Settled: 300 + 200 tokens on local.echo ($0.0003 + $0.0004), and one unpriced endpoint call.
  const done = await ledger.reserve(alice, 'local.echo', { inputTokens: 300, outputTokens: 200 });
  await ledger.settle(done, {
    requestId: 'r1',
    charged: { inputTokens: 300, outputTokens: 200, cacheReadTokens: 50 },
    latencyMs: 5,
    status: 'ok',
  });
  const scored = await ledger.reserve(alice, 'local-csv-scorer', {
    inputTokens: 0,
    outputTokens: 0,
    requests: 1,
  });
  await ledger.settle(scored, {
    requestId: 'r2',
    charged: { inputTokens: 0, outputTokens: 0, requests: 1 },
    latencyMs: 5,
    status: 'ok',
  });
  // In flight: 100 tokens held.
  await ledger.reserve(alice, 'local.echo', { inputTokens: 100, outputTokens: 0 });
});
afterAll(async () => {
  await dynamo?.stop();
});

describe('My usage: every limit with what is used of it', () => {
  it('lists own, pool and cost-centre limits in tokens, USD and requests, calls in flight included', async () => {
    const reader = new UsageReader({
      ...LOCAL_PRICING,
      client: dynamo.client,
      tableName: dynamo.tableNames.usage,
      budgets,
      now: () => NOW,
    });
    const own = await reader.ownUsage(alice);
    const day = '2026-11-25T00:00:00.000Z';
    const month = '2026-12-01T00:00:00.000Z';
    // 550 settled tokens + 100 held; $0.0003 + $0.0004 + $0.000005 cache read + $0.0001 held.
    const usd = 0.000805;
    expect(own.budgets).toEqual([
      { scope: 'user', period: 'day', unit: 'tokens', used: 650, limit: 1_000, resetsAt: day },
      { scope: 'user', period: 'day', unit: 'usd', used: usd, limit: 0.01, resetsAt: day },
      { scope: 'user', period: 'day', unit: 'requests', used: 1, limit: 10, resetsAt: day },
      { scope: 'user', period: 'month', unit: 'tokens', used: 650, limit: 10_000, resetsAt: month },
      { scope: 'user', period: 'month', unit: 'requests', used: 1, limit: 100, resetsAt: month },
      {
        scope: 'group',
        scopeName: 'MLUsers',
        period: 'day',
        unit: 'tokens',
        used: 650,
        limit: 5_000,
        resetsAt: day,
      },
      {
        scope: 'group',
        scopeName: 'MLUsers',
        period: 'month',
        unit: 'tokens',
        used: 650,
        limit: 50_000,
        resetsAt: month,
      },
      {
        scope: 'group',
        scopeName: 'MLUsers',
        period: 'month',
        unit: 'usd',
        used: usd,
        limit: 1,
        resetsAt: month,
      },
      {
        scope: 'costCentre',
        scopeName: 'CC-9',
        period: 'day',
        unit: 'tokens',
        used: 650,
        limit: 2_000,
        resetsAt: day,
      },
      {
        scope: 'costCentre',
        scopeName: 'CC-9',
        period: 'month',
        unit: 'tokens',
        used: 650,
        limit: 20_000,
        resetsAt: month,
      },
    ]);
    expect(own.day).toEqual({ usedTokens: 650, limitTokens: 1_000, requests: 3, resetsAt: day });
    expect(own.byModel).toContainEqual({
      modelId: 'local.echo',
      requests: 1,
      inputTokens: 300,
      outputTokens: 200,
      cacheReadTokens: 50,
      cacheWriteTokens: 0,
      estimatedCostUsd: 0.0007,
    });
  });
});
